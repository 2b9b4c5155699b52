from django.core.management.base import BaseCommand

from lms.email_outbox import email_outbox_due_enqueue
from lms.task_recovery import tasks_recover


class Command(BaseCommand):
    help = (
        "Re-queue tasks left RUNNING by dead workers (see lms/task_recovery.py) "
        "and queue the sending of due e-mails."
    )

    def handle(self, *args, **options):
        recovery = tasks_recover()
        emails = email_outbox_due_enqueue()
        self.stdout.write(
            f"re-queued {len(recovery.requeued)}, failed {len(recovery.failed)}, "
            f"e-mails due {emails}"
        )
