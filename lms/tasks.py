"""Background work of the core: the e-mail outbox and task recovery."""

from django_tasks import task


@task()
def email_outbox_send_task(ids: list[int] | None = None) -> int:
    """Send queued e-mails that are due: ``ids`` only, or all (the sweep).

    See ``lms.email_outbox``.
    """
    from lms.email_outbox import email_outbox_send

    return email_outbox_send(ids=ids)


@task()
def tasks_recover_task() -> dict:
    """Re-queue tasks whose worker died (see ``lms.task_recovery``)."""
    from lms.task_recovery import tasks_recover

    recovery = tasks_recover()
    return {"requeued": recovery.requeued, "failed": recovery.failed}
