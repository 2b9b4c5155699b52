from django_tasks import task


@task()
def unanswered_purge_task() -> int:
    """Forget unanswered questions past the kept period (daily)."""
    from .services import unanswered_purge

    return unanswered_purge()
