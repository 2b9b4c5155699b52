"""Periodic background work without a separate scheduler.

Apps register a task with how often it should run; the first request after
that interval enqueues it (a cache key makes it once per interval across all
server processes, as long as they share the cache). With the immediate task
backend of the embedded default it runs in that request; in production a
worker picks it up. ``manage.py run_periodic`` does the same from cron.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    task: object  # a django_tasks Task
    every: timedelta


periodic_tasks: dict[str, PeriodicTask] = {}


def register_periodic(name: str, task, every: timedelta) -> None:
    periodic_tasks[name] = PeriodicTask(name=name, task=task, every=every)


def periodic_run_due(*, force: bool = False) -> list[str]:
    """Enqueue every registered task whose interval has passed; return names."""
    enqueued = []
    for item in periodic_tasks.values():
        key = f"lms:periodic:{item.name}"
        if force:
            cache.set(key, 1, timeout=int(item.every.total_seconds()))
        elif not cache.add(key, 1, timeout=int(item.every.total_seconds())):
            continue
        try:
            item.task.enqueue()
        except Exception:  # noqa: BLE001 - a failing task must not break a page
            logger.exception("periodic task %s failed to enqueue", item.name)
            continue
        enqueued.append(item.name)
    return enqueued


class PeriodicTasksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.PERIODIC_TASKS_ON_REQUEST
            and periodic_tasks
            and not request.path.startswith(("/static/", "/media/"))
        ):
            periodic_run_due()
        return response
