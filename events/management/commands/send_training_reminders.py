from django.core.management.base import BaseCommand

from events.tasks import reminders_send_task


class Command(BaseCommand):
    help = (
        "Enqueue the day-before reminders for trainings starting within 24 hours. "
        "Run it hourly (cron or a systemd timer); a person is reminded once."
    )

    def handle(self, *args, **options):
        result = reminders_send_task.enqueue()
        self.stdout.write(f"Reminders enqueued ({result.id}).")
