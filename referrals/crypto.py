"""Encryption at rest for the content of referrals (``cryptography``'s Fernet).

Keys come from ``REFERRALS_KEYS`` (comma-separated Fernet keys). The first key
encrypts; every key decrypts, so rotation is: put a new key first, keep the old
ones after it, run ``manage.py referrals_rotate_keys``, then drop the old keys.

Without the variable the embedded default and the tests derive a key from
``SECRET_KEY`` and say so loudly; production (``REFERRALS_KEYS_REQUIRED``)
fails the system check and refuses to encrypt or decrypt without it.
"""

import base64
import hashlib
import logging
import warnings

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

logger = logging.getLogger(__name__)
_cache: dict[tuple, MultiFernet] = {}
_warned = False


class DecryptionError(Exception):
    """Content that none of the configured keys opens (a key was dropped)."""


def _dev_key() -> bytes:
    digest = hashlib.sha256(
        b"referrals-dev-key:" + settings.SECRET_KEY.encode()
    ).digest()
    return base64.urlsafe_b64encode(digest)


def configured_keys() -> list[bytes]:
    raw = [k.strip() for k in (settings.REFERRALS_KEYS or "").split(",") if k.strip()]
    if raw:
        return [k.encode() for k in raw]
    if settings.REFERRALS_KEYS_REQUIRED:
        raise ImproperlyConfigured(
            "REFERRALS_KEYS must be set: referrals are encrypted at rest."
        )
    _warn_dev_key()
    return [_dev_key()]


def _warn_dev_key() -> None:
    """Once per process, as a warning and in the log, so nobody misses it."""
    global _warned
    if _warned:
        return
    _warned = True
    message = (
        "REFERRALS_KEYS is not set: referral content is encrypted with a key "
        "derived from SECRET_KEY. Never use this outside development."
    )
    logger.warning(message)
    warnings.warn(message, RuntimeWarning, stacklevel=3)


def fernet() -> MultiFernet:
    keys = tuple(configured_keys())
    if keys not in _cache:
        _cache[keys] = MultiFernet([Fernet(k) for k in keys])
    return _cache[keys]


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken as error:
        raise DecryptionError("no configured key opens this content") from error


def rotate_token(token: bytes) -> bytes:
    """The same content under the first key (timestamps kept)."""
    try:
        return fernet().rotate(token)
    except InvalidToken as error:
        raise DecryptionError("no configured key opens this content") from error


def is_current(token: bytes) -> bool:
    """Whether ``token`` is already encrypted with the first key."""
    try:
        Fernet(configured_keys()[0]).decrypt(token)
    except InvalidToken:
        return False
    return True


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code sees the plain text.

    An empty value stays empty (nothing to hide, and purged rows are empty).
    Never index, search or filter on it: the database only holds ciphertext.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt_bytes(value.encode()).decode()

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt_bytes(value.encode()).decode()
