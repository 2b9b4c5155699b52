"""Settings shared by every environment.

The embedded default (SQLite, in-memory channel layer, immediate tasks, console
e-mail) needs no environment variables at all; production reads its secrets and
hosts from the environment (see ``production.py`` and ``.env.example``).
"""

import os

# database_pool_options: read by bench/rush.py from here.
from .database import database_config, database_pool_options  # noqa: F401
from .paths import BASE_DIR, PROJECT_DIR  # noqa: F401

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
# Slugs are ASCII Latin: a Cyrillic title gives a Serbian Latin slug, in the
# editor (lms.widgets.LatinSlugInput) and on the server (lms.text.latin_slugify).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
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

# Accounts, the platform's own settings, security, and realtime/tasks/cache live in
# modules of their own (each stands alone: none reads another's names).
from .accounts import *  # noqa: E402, F403
from .platform import *  # noqa: E402, F403
from .security import *  # noqa: E402, F403
from .services import *  # noqa: E402, F403

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
