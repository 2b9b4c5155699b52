"""System checks: production must have its own encryption keys, and valid ones."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, register


@register()
def referral_keys_check(app_configs, **kwargs):
    keys = [k.strip() for k in (settings.REFERRALS_KEYS or "").split(",") if k.strip()]
    if settings.REFERRALS_KEYS_REQUIRED and not keys:
        return [
            Error(
                "REFERRALS_KEYS is not set.",
                hint="Referrals are encrypted at rest; see docs/referrals.md.",
                id="referrals.E001",
            )
        ]
    errors = []
    for index, key in enumerate(keys):
        try:
            Fernet(key.encode())
        except ValueError:
            errors.append(
                Error(
                    f"REFERRALS_KEYS: key number {index + 1} is not a Fernet key.",
                    id="referrals.E002",
                )
            )
    return errors
