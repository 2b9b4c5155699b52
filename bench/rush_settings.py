"""Production settings for the HTTP benchmarks (bench/rush.py, bench/browse.py).

Everything that matters under load is production's own: PostgreSQL through the
bounded pool, the Redis cache, Redis channel layer, the database task backend,
DEBUG off. What differs only makes a benchmark on one machine possible, and is
said here so the figures can be read:

- plain HTTP on 127.0.0.1 (no TLS proxy): no HTTPS redirect, cookies not
  "Secure";
- a fast password hasher: logging 500 people in is set-up, not what is
  measured (PBKDF2 costs ~0.3 s of CPU per log-in on this machine);
- allauth's per-IP rate limits off: every simulated person comes from
  127.0.0.1, where in production each has an address of their own;
- static files from the finders (no collectstatic manifest in a checkout);
- e-mails discarded (the dummy backend) instead of printed to the console.
"""

import os

from lms.settings.production import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
ACCOUNT_RATE_LIMITS = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
WHITENOISE_USE_FINDERS = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# A key prefix of the run's own: the benchmark shares Redis with other work
# and never flushes it.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench")  # noqa: F405
