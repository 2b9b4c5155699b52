"""Encrypted attachment files in a private directory outside MEDIA_ROOT.

Files are named by a random token (no original name on disk) and hold only
Fernet ciphertext. They are served only through a permission-checked view.
"""

from pathlib import Path

from django.conf import settings

from referrals.crypto import decrypt_bytes, encrypt_bytes, rotate_token

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
]


def _root() -> Path:
    root = Path(settings.REFERRALS_PRIVATE_ROOT)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def _path(name: str) -> Path:
    if not name.isalnum():
        raise ValueError("bad storage name")
    return _root() / name


def sniff_type(upload) -> str:
    """The type by the file's first bytes: the name and browser may lie."""
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            if content_type.endswith("document") and not upload.name.lower().endswith(
                ".docx"
            ):
                return "application/zip"
            return content_type
    return "application/octet-stream"


def write(name: str, data: bytes) -> None:
    path = _path(name)
    path.write_bytes(encrypt_bytes(data))
    path.chmod(0o600)


def read(name: str) -> bytes:
    return decrypt_bytes(_path(name).read_bytes())


def delete(name: str) -> None:
    _path(name).unlink(missing_ok=True)


def rotate(name: str) -> None:
    path = _path(name)
    if path.exists():
        path.write_bytes(rotate_token(path.read_bytes()))


def raw(name: str) -> bytes:
    """The ciphertext as stored (for tests and audits of the store)."""
    return _path(name).read_bytes()
