"""The platform's own settings: outbox, periodic tasks, certificates, proxies,
the assistant, referrals and participant-list imports.
"""

import os
from pathlib import Path

from .paths import BASE_DIR

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

# Participant-list imports (events.imports): the upload's size, the rows after
# the header, and what an XLSX file may unpack to. Over a limit, the person
# gets a clear message and nothing is saved.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "1000"))
IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(5 * 1024 * 1024))
)
