from django_tasks import task


@task()
def reminders_send_task() -> int:
    """Send the day-before reminders (enqueued by ``send_training_reminders``)."""
    from events.services import reminders_send

    return reminders_send()
