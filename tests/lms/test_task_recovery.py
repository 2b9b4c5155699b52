"""The rule that tells a task whose worker died from one still being worked on."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from lms.models import TaskWorker
from lms.task_recovery import process_scope, process_start, tasks_recover

pytestmark = pytest.mark.django_db


def running_task(*worker_ids, started_ago=timedelta(minutes=5)):
    return DBTaskResult.objects.create(
        status="RUNNING",
        task_path="lms.tasks.email_outbox_send_task",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - started_ago,
        worker_ids=list(worker_ids),
    )


def worker(worker_id, *, pid=None, silent_for=timedelta(seconds=3), **fields):
    pid = pid or os.getpid()
    values = {
        "hostname": "worker-host",
        "pid": pid,
        "process_scope": process_scope(),
        "process_start": process_start(pid),
        "last_seen": timezone.now() - silent_for,
        **fields,
    }
    return TaskWorker.objects.create(worker_id=worker_id, **values)


def status(task) -> str:
    task.refresh_from_db()
    return task.status


def test_a_task_of_a_living_worker_keeps_running():
    worker("alive")
    task = running_task("alive", started_ago=timedelta(hours=5))

    assert tasks_recover().requeued == []
    assert status(task) == "RUNNING"


def test_a_task_whose_worker_process_is_gone_is_queued_again_at_once():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    worker("killed", pid=process.pid)  # heartbeat still fresh
    process.kill()
    process.wait()
    task = running_task("killed")

    assert tasks_recover().requeued == [str(task.pk)]
    task.refresh_from_db()
    assert (task.status, task.started_at) == ("READY", None)
    assert task.worker_ids == ["killed"]  # the history of attempts stays


def test_a_reused_process_id_is_not_taken_for_the_dead_worker():
    # Same pid as a living process (this one), but that process started later.
    worker("old", process_start="1")
    task = running_task("old")

    tasks_recover()
    assert status(task) == "READY"


def test_a_worker_on_another_machine_is_trusted_while_it_beats():
    worker("remote", process_scope="other-machine:4026531836", pid=1)
    task = running_task("remote", started_ago=timedelta(hours=3))

    tasks_recover()
    assert status(task) == "RUNNING"


def test_a_worker_silent_for_longer_than_the_lease_has_died(settings):
    settings.TASKS_WORKER_LEASE_SECONDS = 60
    worker("remote", process_scope="other-machine:4026531836", pid=1)
    late = worker(
        "gone",
        process_scope="other-machine:4026531836",
        pid=2,
        silent_for=timedelta(seconds=61),
    )
    kept, lost = running_task("remote"), running_task(late.worker_id)

    tasks_recover()
    assert (status(kept), status(lost)) == ("RUNNING", "READY")


def test_a_task_still_running_after_its_worker_stopped_is_queued_again():
    worker("stopped", stopped_at=timezone.now())
    task = running_task("stopped")

    tasks_recover()
    assert status(task) == "READY"


def test_a_task_of_an_unregistered_worker_is_stale_only_after_an_hour(settings):
    settings.TASKS_UNTRACKED_STALE_SECONDS = 3600
    recent = running_task("plain-db-worker", started_ago=timedelta(minutes=59))
    old = running_task("plain-db-worker", started_ago=timedelta(minutes=61))

    tasks_recover()
    assert (status(recent), status(old)) == ("RUNNING", "READY")


def test_a_task_that_keeps_killing_its_worker_fails_instead_of_looping(settings):
    settings.TASKS_MAX_ATTEMPTS = 3
    for worker_id in ("w1", "w2", "w3"):
        worker(worker_id, stopped_at=timezone.now())
    second = running_task("w1", "w2")
    third = running_task("w1", "w2", "w3")

    recovery = tasks_recover()
    assert recovery.requeued == [str(second.pk)]
    assert recovery.failed == [str(third.pk)]
    third.refresh_from_db()
    assert third.status == "FAILED"
    assert third.exception_class_path == "lms.task_recovery.WorkerLost"
    assert "died 3 times" in third.traceback


def test_a_finished_task_is_left_alone():
    worker("stopped", stopped_at=timezone.now())
    task = running_task("stopped")
    task.status = "SUCCESSFUL"
    task.save()

    assert tasks_recover().requeued == []
    assert status(task) == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes
def test_a_new_worker_resumes_a_dead_ones_task_and_signs_off(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    worker("dead", stopped_at=timezone.now())
    task = running_task("dead")

    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--worker-id", "successor"
    )

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == ["dead", "successor"]
    successor = TaskWorker.objects.get(worker_id="successor")
    assert successor.pid == os.getpid() and successor.stopped_at is not None
