"""Absolute links to this site, always from the configured ``SITE_URL``.

A link that leaves the page (an e-mail, a PDF, a QR code on the projector, a calendar
feed) must point where the platform is published, not at whatever host name the
request that produced it happened to use (an internal proxy name, 127.0.0.1).
"""

from django.conf import settings


def site_url(path: str = "/") -> str:
    """``path`` (a site-relative URL such as ``reverse(...)``) on ``SITE_URL``."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
