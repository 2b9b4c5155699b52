"""``check --deploy`` is clean with production settings, and they keep the policy.

Run in a separate process, as a deployment would, with the variables of
``.env.example`` set (SQLite instead of PostgreSQL: ``check`` does not connect).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def production(*args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "obuke.example.rs",
        "CSRF_TRUSTED_ORIGINS": "https://obuke.example.rs",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SITE_URL": "https://obuke.example.rs",
        # Referral content is encrypted at rest; production refuses to start
        # without its key (referrals.E001).
        "REFERRALS_KEYS": Fernet.generate_key().decode(),
    }
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = production(
        "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_requires_mfa_and_keeps_the_outbox_off(tmp_path):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.MFA_REQUIRED_FOR_ROLES, s.OUTBOX_ENABLED, s.ACCOUNT_PREVENT_ENUMERATION,"
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS,"
        "s.SECURITY_CONTACT_EMAIL, sorted(__import__('lms.mfa').mfa.ROLE_TESTS)]))"
    )

    result = production("shell", "-c", code, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    roles, outbox, prevent, session_secure, csrf_secure, frames, contact, known = (
        json.loads(result.stdout.strip().splitlines()[-1])
    )
    # The Centre's case workers and head too: they read referrals.
    assert roles == ["staff", "chamber", "case_worker", "centre_head"]
    assert set(roles) <= set(known)
    assert outbox is False
    assert prevent is True
    assert session_secure is True and csrf_secure is True
    assert frames == "DENY"
    assert contact.startswith("security@")
