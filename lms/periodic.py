"""Periodic background work without a separate scheduler.

Apps register a task with how often it should run. Each server process looks
at most every ``PERIODIC_CHECK_SECONDS`` whether one is due (one read of the
shared cache; nothing at all on the requests in between), and the process that
claims a due task enqueues it: a cache key makes it once per interval across
all server processes, as long as they share the cache. With the immediate task
backend of the embedded default it runs in that request; in production a
worker picks it up. ``manage.py run_periodic`` does the same from cron.

A cache that fails (Redis down) never fails the page: the check is skipped
with a log line and tried again at the next interval.
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache

from lms.faults import warn_throttled

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    task: object  # a django_tasks Task
    every: timedelta

    @property
    def key(self) -> str:
        return f"lms:periodic:{self.name}"

    @property
    def seconds(self) -> int:
        return int(self.every.total_seconds())


periodic_tasks: dict[str, PeriodicTask] = {}


def register_periodic(name: str, task, every: timedelta) -> None:
    periodic_tasks[name] = PeriodicTask(name=name, task=task, every=every)


def _claim(item: PeriodicTask, *, force: bool) -> bool:
    """Take this interval's turn for ``item``, across processes.

    The value is read back because a cache that fails open (lms.cache) answers
    an ``add`` as stored even when it is down: only a turn that is really
    recorded may enqueue, or every process would enqueue on every check.
    """
    token = uuid.uuid4().hex
    if force:
        cache.set(item.key, token, timeout=item.seconds)
        return True
    return cache.add(item.key, token, timeout=item.seconds) and (
        cache.get(item.key) == token
    )


def periodic_run_due(*, force: bool = False) -> list[str]:
    """Enqueue every registered task whose interval has passed; return names."""
    items = list(periodic_tasks.values())
    # One read for all tasks; writes only for the ones that are due.
    taken = set() if force else set(cache.get_many([item.key for item in items]))
    enqueued = []
    for item in items:
        if item.key in taken or not _claim(item, force=force):
            continue
        try:
            item.task.enqueue()
        except Exception:  # noqa: BLE001 - a failing task must not break a page
            logger.exception("periodic task %s failed to enqueue", item.name)
            continue
        enqueued.append(item.name)
    return enqueued


class PeriodicTasksMiddleware:
    """Enqueue due periodic tasks after a response, at most once per interval.

    The clock is per process (this middleware exists once per server
    process), so most requests do not touch the cache at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.next_check = 0.0

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.PERIODIC_TASKS_ON_REQUEST
            and periodic_tasks
            and time.monotonic() >= self.next_check
            and not request.path.startswith(("/static/", "/media/", "/healthz"))
        ):
            self.next_check = time.monotonic() + settings.PERIODIC_CHECK_SECONDS
            try:
                periodic_run_due()
            except Exception as error:  # noqa: BLE001 - the page is already made
                warn_throttled(
                    logger,
                    "periodic",
                    "periodic tasks not checked (%s: %s); next try in %s s",
                    error.__class__.__name__,
                    error,
                    settings.PERIODIC_CHECK_SECONDS,
                )
        return response
