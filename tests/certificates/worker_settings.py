"""Settings of the ``db_worker`` processes that test_worker_crash.py starts.

The production task backend on the test database; every e-mail sent is also
copied into ``OutboxMessage`` (the demo outbox backend), so the test counts
what really left the worker; ``crash_hook`` can stop a worker mid-batch.
"""

from lms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "lms.mail.OutboxEmailBackend"
INSTALLED_APPS = [*INSTALLED_APPS, "tests.certificates.crash_hook.CrashHookConfig"]  # noqa: F405
TASKS_WORKER_HEARTBEAT_SECONDS = 1
