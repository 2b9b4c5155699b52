"""Settings shared by every environment.

The embedded default (SQLite, in-memory channel layer, immediate tasks, console
e-mail) needs no environment variables at all; production reads its secrets and
hosts from the environment (see ``production.py`` and ``.env.example``).
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-embedded-default-change-me")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "daphne",
    "lms",
    "events",
    "certificates",
    "quizzes",
    "exercises",
    "activities",
    "courses",
    "referrals",
    "assistant",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
]

MIDDLEWARE = [
    # First: /healthz answers JSON even when the database or a host check fails.
    "lms.health.HealthCheckMiddleware",
    # Then a cached anonymous page is answered without running anything
    # below, and what it stores carries every header the full stack adds
    # (lms/pagecache.py; lms/asgi.py answers the same entries even earlier).
    # An http:// request redirected to https:// is never a 200, so never
    # stored, and the scheme is part of the key.
    "lms.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.AdminAccessMiddleware",
    "lms.middleware.ProfileCompletionMiddleware",
    "lms.middleware.LatinScriptMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lms.periodic.PeriodicTasksMiddleware",
]

# Multi-factor authentication for the roles that see personal data (lms/mfa.py):
# added apart from the list above so the list's own edits merge cleanly. It
# needs the logged-in user and messages, and runs before the admin's checks.
MIDDLEWARE.insert(
    MIDDLEWARE.index("lms.middleware.AdminAccessMiddleware"),
    "lms.mfa.MFARequiredMiddleware",
)

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"
ASGI_APPLICATION = "lms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                "lms.context_processors.site",
            ],
        },
    },
]


def database_config(
    *,
    default: str | None = f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    conn_health_checks: bool = False,
) -> dict:
    """The default database from ``DATABASE_URL`` (SQLite when it is unset).

    On PostgreSQL every process gets one bounded psycopg 3 pool. Under ASGI,
    Django runs each request's ORM work in a thread of its own and each thread
    holds its own connection: without a cap, 200 simultaneous requests on two
    processes exhausted ``max_connections=100`` ("too many clients already").
    With the pool a rush waits up to ``DB_POOL_TIMEOUT`` seconds for one of
    ``DB_POOL_MAX_SIZE`` connections; if none frees up in time the person sees
    the "busy, try again" page (503, ``lms.errors.server_error``), not a 500.

    Connections per process = ``DB_POOL_MAX_SIZE`` (every thread of the
    process, HTTP views and websocket consumers alike, borrows from the same
    pool); the README's "Database connections" gives the formula for several
    processes and task workers. ``DB_POOL=0`` turns the pool off (e.g. behind
    PgBouncer), falling back to ``DB_CONN_MAX_AGE``.
    """
    config = dj_database_url.config(
        default=default,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=conn_health_checks,
    )
    if config.get("ENGINE") == "django.db.backends.postgresql" and os.environ.get(
        "DB_POOL", "1"
    ) not in ("0", "false", "no"):
        # Django requires CONN_MAX_AGE=0 with its pool: "closing" a connection
        # gives it back to the pool instead.
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = database_pool_options()
    return config


def database_pool_options() -> dict:
    """psycopg_pool.ConnectionPool arguments for one process, from the environment."""
    return {
        # Opened at the first query and kept warm; a task worker (one thread)
        # holds just these.
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
        # The hard cap of this process's connections.
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "10")),
        # How long a request waits for a free connection before the 503 page.
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "30")),
        # A rush opens connections up to max_size; when they sit unused, the
        # pool closes one per this many seconds until min_size is left
        # (psycopg's default period is 10 minutes). They always count against
        # the cap, so idle ones are harmless to the formula in the README.
        "max_idle": float(os.environ.get("DB_POOL_MAX_IDLE", "60")),
        "name": "lms",
    }


DATABASES = {"default": database_config()}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests (two browser tabs, a live quiz) must wait for the
    # write lock instead of failing at once with "database is locked".
    # Write-ahead log, synced at checkpoints: in the default rollback journal
    # every commit waits for several fsyncs (18 ms median, 41 ms p90 measured
    # on this kind of machine), which let a live quiz join only ~35 phones a
    # second and held every broadcast behind queued commits
    # (bench/live_quiz.py). A crashed process loses nothing; a power cut may
    # lose the last commits, never the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language -------------------------------------------------------------
# Serbian Cyrillic is the default. Serbian Latin is produced from the Cyrillic
# page on the way out (lms.middleware.LatinScriptMiddleware), so content and
# translations exist once, in Cyrillic.
LANGUAGE_CODE = "sr"
LANGUAGES = [
    ("sr", "Српски (ћирилица)"),
    ("sr-latn", "Srpski (latinica)"),
    ("en", "English"),
]
LANGUAGE_COOKIE_NAME = "lms_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The project's own catalogue first, then its Serbian catalogue for the
# Wagtail admin (Wagtail ships almost no "sr"; scripts/wagtail_admin_sr.py
# reports the coverage).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Europe/Belgrade"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sr", "Српски"), ("en", "English")]

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Files with personal data (certificate PDFs): outside MEDIA_ROOT, never under
# a public URL; served by permission-checked views (lms/storage.py).
PRIVATE_MEDIA_ROOT = BASE_DIR / "private"
# Behind nginx: the prefix of an `internal` location mapped to PRIVATE_MEDIA_ROOT
# (e.g. "/protected/"); the view then answers X-Accel-Redirect instead of
# streaming the file itself. Empty: the application streams it.
PRIVATE_FILES_X_ACCEL_REDIRECT = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "lms.storage.PrivateFileStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Serve user uploads from the application (embedded default only).
SERVE_MEDIA = False

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "Центар за заштиту жртава трговине људима — обуке"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# No avatars from gravatar.com: an outside request for every editor on an open
# network, a broken image on a closed one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip",
    # Lesson videos and their captions (courses.blocks.VideoBlock).
    "mp4", "webm", "vtt",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Accounts (django-allauth) -------------------------------------------
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# One policy for sign-up, log-in and password reset: no page says whether an
# address has an account. Signing up with a taken address looks like any
# sign-up ("check your e-mail") and the owner gets an e-mail pointing to log-in
# and password reset; a reset for an unknown address tells that address so.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so they are visible and tunable.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Role keys ("staff", "chamber", "trainer") that must set up MFA before they
# reach anything but their account pages (lms/mfa.py). Nobody in the embedded
# default and the tests; production requires it of staff and the Chamber.
MFA_REQUIRED_FOR_ROLES: list[str] = []
MFA_TOTP_ISSUER = "ЦЗЖТЉ обуке"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "ЦЗЖТЉ обуке <obuke@centarzztlj.rs>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Realtime, tasks, cache ----------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_channel_layer(url: str) -> dict:
    """Live sessions shared by every process: Redis pub/sub.

    The pub/sub layer keeps group membership in each process, so a burst of
    joins or a mass disconnect does not exhaust Redis connections (see
    docs/live-quiz-protocol.md and bench/live_quiz.py for the figures).
    """
    return {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {
            "hosts": [{"address": url}],
            # Pub/sub channels ignore Redis' database number: sites (or test
            # runs) sharing one Redis keep apart by prefix.
            "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "asgi"),
        },
    }


# One process needs no services: the in-memory layer. CHANNEL_LAYER=redis
# lets several processes serve one live session together.
if os.environ.get("CHANNEL_LAYER", "memory") == "redis":
    CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL)}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Live sessions (docs/live-quiz-protocol.md): how often each process compares
# a session's sequence number in the database with the last one it delivered,
# and repairs a broadcast the channel layer lost (0 turns the repair off).
REALTIME_RESYNC_INTERVAL = float(os.environ.get("REALTIME_RESYNC_INTERVAL", "1.0"))
# Open phone sockets per client address in one process, new guests per
# address and session (a burst, then a rate per second), guests per session.
# A whole room on the venue's Wi-Fi shares one public address: the defaults
# let a room of 200 guests join at once, and anyone more two a second.
REALTIME_MAX_SOCKETS_PER_ADDRESS = int(
    os.environ.get("REALTIME_MAX_SOCKETS_PER_ADDRESS", "1000")
)
LIVE_GUEST_JOINS_PER_ADDRESS = int(
    os.environ.get("LIVE_GUEST_JOINS_PER_ADDRESS", "200")
)
LIVE_GUEST_JOIN_RATE_PER_ADDRESS = float(
    os.environ.get("LIVE_GUEST_JOIN_RATE_PER_ADDRESS", "2.0")
)
LIVE_MAX_GUESTS_PER_SESSION = int(os.environ.get("LIVE_MAX_GUESTS_PER_SESSION", "1000"))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lms_cache",
    }
}

# Anonymous visitors get public pages (home, calendar, trainings, courses,
# case studies) from the default cache, per language and script; publishing
# and registrations invalidate them at commit (lms/pagecache.py). The age
# bound covers what no signal announces, e.g. a registration deadline passing.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "1") != "0"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin relies on inline styles and scripts of its own.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Platform settings ----------------------------------------------------
# Show the development outbox (/dev/outbox/) with every e-mail sent.
OUTBOX_ENABLED = False
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Where to report a vulnerability: docs/security.md and /.well-known/security.txt.
SECURITY_CONTACT_EMAIL = os.environ.get(
    "SECURITY_CONTACT_EMAIL", "security@centarzztlj.rs"
)
# Enqueue due periodic tasks (e.g. day-before reminders) from page requests, so
# no scheduler is needed; `manage.py run_periodic` from cron does the same.
PERIODIC_TASKS_ON_REQUEST = True
# How often each server process looks whether a periodic task is due (one cache
# read); requests in between do not touch the cache for it.
PERIODIC_CHECK_SECONDS = int(os.environ.get("PERIODIC_CHECK_SECONDS", "60"))
# Certificates: the Chamber's licence runs seven years; verification checks per
# IP address as (requests, seconds).
CERTIFICATES_LICENCE_PERIOD_YEARS = 7
CERTIFICATES_VERIFY_RATE = (30, 60)
# Reverse proxies in front of the ASGI processes whose X-Forwarded-For is trusted:
# rate limits, audit logs and live sessions take the client's address from that
# many entries from the right (lms.net). 0: no proxy, the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Assistant: how many days questions it could not answer are kept (anonymous,
# masked) for staff to write FAQ entries from.
ASSISTANT_UNANSWERED_DAYS = int(os.environ.get("ASSISTANT_UNANSWERED_DAYS", "90"))
# How often each process reads whether the assistant's index changed (an edit
# in another process shows within this time; one query saved per question).
ASSISTANT_INDEX_CHECK_SECONDS = float(
    os.environ.get("ASSISTANT_INDEX_CHECK_SECONDS", "1")
)

# Referrals to the Centre (docs/referrals.md). Content is encrypted at rest with
# the Fernet keys in REFERRALS_KEYS (comma-separated; the first encrypts).
REFERRALS_KEYS = os.environ.get("REFERRALS_KEYS", "")
REFERRALS_KEYS_REQUIRED = False
REFERRALS_REQUIRE_MFA = os.environ.get("REFERRALS_REQUIRE_MFA", "0") == "1"
REFERRALS_OVERDUE_HOURS = int(os.environ.get("REFERRALS_OVERDUE_HOURS", "48"))
REFERRALS_RETENTION_DAYS = int(os.environ.get("REFERRALS_RETENTION_DAYS", "730"))
REFERRALS_PRIVATE_ROOT = Path(
    os.environ.get("REFERRALS_PRIVATE_ROOT", BASE_DIR / "private" / "referrals")
)
REFERRALS_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
REFERRALS_ATTACHMENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
# Counts below this are shown as "< N" to anyone outside the Centre.
REFERRALS_SMALL_COUNT = 3

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"lms": {"level": "INFO"}, "events": {"level": "INFO"}},
}
WEBSOCKET_ROUTING_MODULES: list[str] = [
    "quizzes.routing",
    "exercises.routing",
    "activities.routing",
]
FORM_RENDERER = "lms.forms_renderer.FormRenderer"

# Participant-list imports (events.imports): the upload's size, the rows after
# the header, and what an XLSX file may unpack to. Over a limit, the person
# gets a clear message and nothing is saved.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "1000"))
IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(5 * 1024 * 1024))
)
