from django_tasks import task


@task()
def certificates_issue_batch_task(batch_id: int) -> int:
    """Issue a training's certificates, recording progress on the batch row."""
    from .models import BatchStatus, CertificateBatch
    from .services import certificates_issue_pending

    batch = CertificateBatch.objects.select_related("training", "started_by").get(
        pk=batch_id
    )
    try:
        return certificates_issue_pending(
            training=batch.training, actor=batch.started_by, batch=batch
        )
    except Exception:
        CertificateBatch.objects.filter(pk=batch_id).update(status=BatchStatus.FAILED)
        raise


@task()
def certificates_issue_late_task() -> int:
    from .services import certificates_issue_late

    return certificates_issue_late()
