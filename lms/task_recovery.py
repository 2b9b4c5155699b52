"""Work left RUNNING by a dead task worker is found and queued again.

django_tasks_db marks a task RUNNING when a worker claims it and never looks at
it again: a worker killed mid-task (deploy, OOM kill, reboot) leaves the row
RUNNING forever. Our ``manage.py db_worker`` (``lms/management/commands``; it
replaces the library's command of the same name and keeps its options) records
each worker in ``TaskWorker`` and beats every ``TASKS_WORKER_HEARTBEAT_SECONDS``
from a thread of its own.

The rule. A RUNNING task belongs to the last worker that claimed it; it is stale
and goes back to READY when that worker

1. stopped (its row has ``stopped_at``) while the task is still RUNNING; or
2. has not beaten for ``TASKS_WORKER_LEASE_SECONDS`` (60 s; six missed beats);
   or
3. ran in the same boot and PID namespace as the process that checks, and its
   process is gone or is another process now (pid plus the process start time,
   so a reused pid is not taken for the worker). A restarted worker therefore
   recovers at once what its killed predecessor left, without waiting out the
   lease.

A task claimed by a worker that never registered (the library's own command, an
older deployment) is stale once it has run ``TASKS_UNTRACKED_STALE_SECONDS``
(an hour): without a heartbeat, age is the only sign. A task whose workers died
``TASKS_MAX_ATTEMPTS`` times is marked FAILED (``WorkerLost``) instead, so a
task that kills its worker (out of memory) does not loop for ever.

Re-queued tasks run again from the start, so tasks must be idempotent: the
certificate batch skips what it already issued and its e-mails are in the
outbox with the certificates. Recovery runs when a worker starts, every lease
period in every living worker, from ``manage.py tasks_recover`` and as the
periodic task ``lms.tasks_recover``.
"""

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lms.models import TaskWorker

logger = logging.getLogger(__name__)

DEFAULTS = {
    "TASKS_WORKER_HEARTBEAT_SECONDS": 10,
    "TASKS_WORKER_LEASE_SECONDS": 60,
    "TASKS_UNTRACKED_STALE_SECONDS": 3600,
    "TASKS_MAX_ATTEMPTS": 5,
}


def _setting(name: str) -> int:
    return getattr(settings, name, DEFAULTS[name])


class WorkerLost(Exception):
    """The worker running the task died too many times."""


# --- Which process is this? -------------------------------------------------


def process_scope() -> str:
    """Boot id and PID namespace; empty where /proc does not tell (not Linux)."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return ""
    return f"{boot}:{namespace}"


def process_start(pid: int) -> str:
    """The process's start time in ticks since boot; empty if it is gone.

    A zombie (killed, not yet reaped) counts as gone.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[1].split()  # the name may contain spaces
    if fields[0] in ("Z", "X"):
        return ""
    return fields[19]  # field 22 of proc(5), counted after the name


def worker_register(*, worker_id: str) -> TaskWorker:
    pid = os.getpid()
    now = timezone.now()
    worker, _created = TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": pid,
            "process_scope": process_scope(),
            "process_start": process_start(pid),
            "started_at": now,
            "last_seen": now,
            "stopped_at": None,
        },
    )
    return worker


def worker_beat(*, worker_id: str) -> None:
    TaskWorker.objects.filter(worker_id=worker_id).update(last_seen=timezone.now())


def worker_stop(*, worker_id: str) -> None:
    TaskWorker.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


# --- The rule ----------------------------------------------------------------


def worker_is_lost(worker: TaskWorker, *, now=None, scope: str | None = None) -> bool:
    """Rules 1-3 of the module docstring."""
    now = now or timezone.now()
    if worker.stopped_at is not None:
        return True
    lease = timedelta(seconds=_setting("TASKS_WORKER_LEASE_SECONDS"))
    if worker.last_seen < now - lease:
        return True
    scope = process_scope() if scope is None else scope
    if scope and worker.process_scope == scope:
        return process_start(worker.pid) != worker.process_start
    return False


def task_is_stale(task: DBTaskResult, workers: dict, *, now, scope: str) -> bool:
    worker = workers.get(task.worker_ids[-1]) if task.worker_ids else None
    if worker is not None:
        return worker_is_lost(worker, now=now, scope=scope)
    limit = timedelta(seconds=_setting("TASKS_UNTRACKED_STALE_SECONDS"))
    return task.started_at is None or task.started_at < now - limit


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def tasks_recover(*, now=None) -> Recovery:
    """Re-queue (or fail, past the attempt limit) every stale RUNNING task."""
    now = now or timezone.now()
    scope = process_scope()
    running = list(DBTaskResult.objects.running())
    claimed_by = {t.worker_ids[-1] for t in running if t.worker_ids}
    workers = TaskWorker.objects.in_bulk(list(claimed_by))
    recovery = Recovery()
    for task in running:
        if not task_is_stale(task, workers, now=now, scope=scope):
            continue
        if _task_release(task, now=now):
            done = recovery.failed if _gave_up(task) else recovery.requeued
            done.append(str(task.pk))
    if recovery.requeued or recovery.failed:
        logger.warning(
            "tasks of dead workers: re-queued %s, failed %s",
            recovery.requeued,
            recovery.failed,
        )
    _workers_prune(now=now)
    return recovery


def _gave_up(task: DBTaskResult) -> bool:
    return len(task.worker_ids) >= _setting("TASKS_MAX_ATTEMPTS")


def _task_release(task: DBTaskResult, *, now) -> bool:
    """Back to READY, or FAILED past the limit; only if still as we saw it.

    The condition on ``started_at`` makes this a no-op when the task finished
    or was claimed again since it was read (two recoveries at once, a worker
    that was only slow).
    """
    current = DBTaskResult.objects.filter(
        pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
    )
    if _gave_up(task):
        attempts = len(task.worker_ids)
        error = WorkerLost(f"its worker died {attempts} times; not tried again")
        return bool(
            current.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=f"{__name__}.WorkerLost",
                traceback=f"{WorkerLost.__module__}.WorkerLost: {error}\n",
            )
        )
    return bool(current.update(status=TaskResultStatus.READY, started_at=None))


def _workers_prune(*, now) -> None:
    """Forget workers silent for a week that no RUNNING task names any more."""
    old = TaskWorker.objects.filter(last_seen__lt=now - timedelta(days=7))
    if not old.exists():
        return
    named = {
        worker_id
        for ids in DBTaskResult.objects.running().values_list("worker_ids", flat=True)
        for worker_id in ids[-1:]
    }
    old.exclude(worker_id__in=named).delete()


# --- The heartbeat thread of a worker process -------------------------------


class Heartbeat(threading.Thread):
    """Beats for the worker and, every lease period, recovers dead peers' work."""

    def __init__(self, *, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self) -> None:
        every = _setting("TASKS_WORKER_HEARTBEAT_SECONDS")
        beats_per_recovery = max(1, _setting("TASKS_WORKER_LEASE_SECONDS") // every)
        beat = 0
        while not self.stopping.wait(every):
            beat += 1
            try:
                close_old_connections()
                worker_beat(worker_id=self.worker_id)
                if beat % beats_per_recovery == 0:
                    tasks_recover()
            except Exception:  # noqa: BLE001 - a missed beat is retried next time
                logger.exception("worker heartbeat failed")
            finally:
                # Hold no connection between beats (pools and max_connections).
                connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
