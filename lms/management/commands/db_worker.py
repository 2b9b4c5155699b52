"""``db_worker`` with a heartbeat, so the work of a killed worker is resumed.

This replaces django_tasks_db's command of the same name (``lms`` comes first
in ``INSTALLED_APPS``) and takes the same options. Before the first task it
registers the worker, re-queues what dead workers left RUNNING and queues the
sending of due e-mails; while it runs, a thread beats every few seconds and
recovers dead peers' work (see ``lms/task_recovery.py``).
"""

import logging
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from lms.email_outbox import email_outbox_due_enqueue
from lms.task_recovery import Heartbeat, tasks_recover, worker_register, worker_stop

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = "Run a database task worker; it resumes work left by dead workers."

    def handle(self, *args, worker_id: str, reload: bool, batch: bool, **options):
        if reload and not batch and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent only watches files; its child works.
            return super().handle(
                *args, worker_id=worker_id, reload=reload, batch=batch, **options
            )
        worker_register(worker_id=worker_id)
        recovery = tasks_recover()
        email_outbox_due_enqueue()
        if recovery.requeued or recovery.failed:
            self.stdout.write(
                f"Resumed {len(recovery.requeued)} task(s) of dead workers; "
                f"gave up {len(recovery.failed)}."
            )
        heartbeat = Heartbeat(worker_id=worker_id)
        heartbeat.start()
        try:
            return super().handle(
                *args, worker_id=worker_id, reload=reload, batch=batch, **options
            )
        finally:
            heartbeat.stop()
            worker_stop(worker_id=worker_id)
