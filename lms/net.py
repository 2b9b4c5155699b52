"""The client's address behind the site's reverse proxies.

Each trusted proxy appends the address it received the request from to
``X-Forwarded-For``, so behind ``TRUSTED_PROXY_COUNT`` proxies the client is
that many entries from the right. Entries further left were written by the
client itself and can be anything, so they are never used; with a count of 0
(no proxy, the embedded default) the header is ignored altogether.

HTTP views, rate limits (allauth's through ``lms.adapters``), audit logs and the
live websockets all ask here, so they agree on who the client is.
"""

import ipaddress

from django.conf import settings


def client_ip_from_forwarded(forwarded: str, peer: str) -> str:
    """The client's address from an ``X-Forwarded-For`` value and the peer.

    ``peer`` is the address of whoever opened the connection (the nearest
    proxy, or the client when there is none). A header shorter than the trusted
    count means the request met fewer proxies than configured (e.g. it reached
    the last one directly): its leftmost entry was still written by a trusted
    proxy. An entry that is not an address falls back to the peer.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    entries = [part.strip() for part in forwarded.split(",") if part.strip()]
    if proxies <= 0 or not entries:
        return _clean(peer) or "unknown"
    candidate = entries[-proxies] if len(entries) >= proxies else entries[0]
    return _clean(candidate) or _clean(peer) or "unknown"


def client_ip(request) -> str:
    """The address of the person behind an HTTP request."""
    return client_ip_from_forwarded(
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        request.META.get("REMOTE_ADDR", ""),
    )


def client_ip_from_scope(scope) -> str:
    """The address of the person behind an ASGI scope (a websocket).

    Reads the same header as ``client_ip`` from the raw scope, so the result
    does not depend on whether the server rewrote ``scope["client"]``
    (Daphne's ``--proxy-headers``, uvicorn's ``--proxy-headers``).
    """
    forwarded = b",".join(
        value
        for name, value in scope.get("headers", ())
        if name.lower() == b"x-forwarded-for"
    )
    peer = (scope.get("client") or ("",))[0] or ""
    return client_ip_from_forwarded(forwarded.decode("latin-1"), peer)


def _clean(value: str) -> str:
    """A valid IPv4/IPv6 address (brackets and ports stripped), or ''."""
    value = value.strip()
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # "203.0.113.7:5123"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""
