"""A task worker killed in the middle of a certificate batch, and its successor.

Real ``manage.py db_worker`` processes on the test database (SQLite file or
PostgreSQL): the first is SIGKILLed after three chunks of ten have committed;
a new worker finds the batch's task left RUNNING by a dead process, runs it
again, and the batch ends with every certificate and every e-mail exactly once.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate, CertificateBatch
from certificates.services import certificates_issue_batch
from events.models import Registration
from lms.models import OutboundEmail, OutboxMessage, TaskWorker, User
from tests.quizzes import servers

PEOPLE = 100


class Worker:
    """One ``manage.py db_worker`` process; ``kill()`` is an OOM kill."""

    def __init__(self, log: Path, **extra_env: str):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.certificates.worker_settings",
            "DATABASE_URL": servers.test_database_url(),
            "PYTHONUNBUFFERED": "1",
            **extra_env,
        }
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--verbosity",
                "2",
            ],
            cwd=servers.ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> int:
        """SIGTERM: the worker finishes its task and exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def wait_for(self, condition, *, timeout: float = 300) -> None:
        """Poll until ``condition()``; fail with the worker's log otherwise."""
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                pytest.fail("worker stuck or exited:\n" + self.log.read_text()[-3000:])
            time.sleep(0.2)


@pytest.fixture
def hundred_attendees(held_training):
    users = User.objects.bulk_create(
        User(email=f"polaznik{i}@example.org", first_name="Особа", last_name=str(i))
        for i in range(PEOPLE)
    )
    Registration.objects.bulk_create(
        Registration(
            training=held_training,
            user=user,
            status="confirmed",
            participation_form="passive",
            checked_in_at=timezone.now(),
        )
        for user in User.objects.filter(pk__in=[u.pk for u in users])
    )
    return [u.email for u in users]


def _batch_task() -> DBTaskResult:
    return DBTaskResult.objects.get(task_path__endswith="certificates_issue_batch_task")


def _all_sent(batch: CertificateBatch) -> bool:
    batch.refresh_from_db()
    sent = OutboundEmail.objects.filter(kind="certificates.issued", status="sent")
    return batch.status == "done" and sent.count() == PEOPLE


@pytest.mark.django_db(transaction=True)
def test_a_batch_survives_its_worker_being_killed_half_way(
    held_training, hundred_attendees, staff_user, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = certificates_issue_batch(training=held_training, actor=staff_user)
    marker = tmp_path / "stopped-after-three-chunks"

    first = Worker(
        tmp_path / "first.log", CRASH_AFTER_CHUNKS="3", CRASH_MARKER=str(marker)
    )
    first.wait_for(marker.exists)
    first.kill()

    # What the dead worker left: three chunks committed, the rest not started,
    # the batch at 30 % and its task RUNNING for good.
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total, batch.percent) == (
        "running",
        30,
        100,
        30,
    )
    assert Certificate.objects.filter(training=held_training).count() == 30
    assert OutboundEmail.objects.filter(kind="certificates.issued").count() == 30
    assert _batch_task().status == "RUNNING"

    second = Worker(tmp_path / "second.log")
    second.wait_for(lambda: _all_sent(batch))
    assert second.stop() == 0

    certificates = Certificate.objects.filter(training=held_training)
    assert certificates.count() == PEOPLE
    assert certificates.values("registration").distinct().count() == PEOPLE
    assert (batch.status, batch.done, batch.total, batch.percent) == (
        "done",
        100,
        100,
        100,
    )
    # Every "issued" e-mail queued once and sent once, to each person.
    queued = OutboundEmail.objects.filter(kind="certificates.issued")
    assert sorted(e for row in queued for e in row.to) == sorted(hundred_attendees)
    assert set(queued.values_list("status", "attempts")) == {("sent", 1)}
    delivered = sorted(OutboxMessage.objects.values_list("to", flat=True))
    assert delivered == sorted(hundred_attendees)
    # The task ran twice (the dead worker, then its successor) and succeeded.
    task = _batch_task()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2
    assert TaskWorker.objects.get(worker_id=task.worker_ids[1]).stopped_at
