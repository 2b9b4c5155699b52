"""Production: PostgreSQL, Redis, SMTP; every secret and host from the environment.

Several ASGI processes (on one or many machines) share PostgreSQL and Redis;
no state that another process needs lives in process memory.
"""

import os

from .base import *  # noqa: F403


def _env_list(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
DEBUG = False
# Referral content is encrypted with keys that only production holds: without
# them the system check referrals.E001 fails (migrate, check) and referral
# pages refuse to work; nothing falls back to a derived key.
REFERRALS_KEYS = os.environ.get("REFERRALS_KEYS", "")
REFERRALS_KEYS_REQUIRED = True
REFERRALS_REQUIRE_MFA = os.environ.get("REFERRALS_REQUIRE_MFA", "1") == "1"

# PostgreSQL through a bounded pool per process (see database.database_config and
# the README's "Database connections"): no persistent per-thread connections,
# which under ASGI left dozens idle for minutes after a rush. Health checks
# make the pool test a connection before lending it (a restarted PostgreSQL
# costs one retry, not an error page).
# DATABASE_URL is required here: no silent SQLite fallback.
DATABASES = {"default": database_config(default=None, conn_health_checks=True)}  # noqa: F405

CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL)}  # noqa: F405
# Redis down must not take pages down: the cache fails open (lms/cache.py),
# with short socket timeouts so an unreachable Redis does not hang requests.
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5"))
CACHES = {
    "default": {
        "BACKEND": "lms.cache.FailOpenRedisCache",
        "LOCATION": REDIS_URL,  # noqa: F405
        "OPTIONS": {
            "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
            "socket_timeout": CACHE_SOCKET_TIMEOUT,
            "RETRY_AFTER": float(os.environ.get("CACHE_RETRY_AFTER", "5")),
        },
    }
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
    # Well below the outbox's sending lease (300 s, lms/email_outbox.py): a
    # hung server must not look like a dead sender, whose e-mail is re-sent.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "60"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

OUTBOX_ENABLED = False
# Staff (editors, the admin), the Chamber viewer and the Centre's case workers
# and head (roles the referrals app registers) log in with a second factor.
# MFA_REQUIRED_FOR_ROLES=staff,chamber,trainer,case_worker,centre_head adds
# trainers; "none" turns it off. The referral views keep their own check
# (REFERRALS_REQUIRE_MFA) whatever this list says.
MFA_REQUIRED_FOR_ROLES = [
    role
    for role in _env_list("MFA_REQUIRED_FOR_ROLES")
    or ["staff", "chamber", "case_worker", "centre_head"]
    if role != "none"
]
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "") == "1"
PRIVATE_MEDIA_ROOT = os.environ.get(
    "PRIVATE_MEDIA_ROOT",
    str(PRIVATE_MEDIA_ROOT),  # noqa: F405
)
PRIVATE_FILES_X_ACCEL_REDIRECT = os.environ.get("PRIVATE_FILES_X_ACCEL_REDIRECT", "")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
