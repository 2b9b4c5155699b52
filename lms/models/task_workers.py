from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskWorker(models.Model):
    """A running ``db_worker`` process and its heartbeat.

    django_tasks_db records which worker claimed a task but not whether that
    worker still lives; this row lets ``lms.task_recovery`` tell a long task
    from one whose worker was killed.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    # Boot id and PID namespace: processes with the same scope see each
    # other's process ids, so a dead one is recognised without waiting.
    process_scope = models.CharField(_("process scope"), max_length=100, blank=True)
    # The process's start time (clock ticks since boot): a reused pid differs.
    process_start = models.CharField(_("process start"), max_length=32, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last heartbeat"), default=timezone.now)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
