"""Settings for the test suite: fast hashing, in-memory cache, outbox e-mail."""

import os
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "tests-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
OUTBOX_ENABLED = True
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A server process a browser test starts reads the files that test made
# (tests/e2e/conftest.py passes its temporary folders).
MEDIA_ROOT = Path(  # noqa: F405
    os.environ.get("LMS_TEST_MEDIA_ROOT") or BASE_DIR / "media" / "test"  # noqa: F405
)
PRIVATE_MEDIA_ROOT = Path(  # noqa: F405
    os.environ.get("LMS_TEST_PRIVATE_MEDIA_ROOT") or BASE_DIR / "private" / "test"  # noqa: F405
)
# Tests that count queries must not see the hourly periodic check.
PERIODIC_TASKS_ON_REQUEST = False
# Tests that start real server processes (live quizzes over two processes, the
# browser test of a live session) share the test database with them: on SQLite
# that needs a file, not the default in-memory database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / ".test-db.sqlite3")  # noqa: F405
    }
# Tests see every page rendered; the page cache's own tests turn it on
# (tests/lms/test_page_cache.py).
PAGE_CACHE_ENABLED = False
