"""Anonymous visitors get public pages from the cache.

Home, calendar, training, course and case-study pages cost 22–35 ms of Django
work each; an anonymous visitor sees the same HTML as every other anonymous
visitor with the same language and script. ``AnonymousPageCacheMiddleware``
keeps that HTML, keyed by scheme, host, path with query string and the chosen
language (``sr``, ``sr-latn`` — already transliterated — or ``en``), and
serves it without running the view, the session, the authentication or any
other middleware below it.

What is stored (all must hold; anything else is rendered as usual):

- a GET without a session cookie or a messages cookie (never a logged-in
  person, never a page that would show a one-time message);
- answered by Wagtail's page serving (the public pages), status 200, HTML;
- no ``Set-Cookie`` in the response and no CSRF token used while rendering
  (a form with a token is personal), no ``Cache-Control: private/no-store``.

Freshness: every entry carries the *generation* it was rendered in; a change
makes a new generation, so every older entry stops matching at once (one
``get_many`` reads the generation and the page together). The core bumps it
when a page is saved, published, unpublished, moved or deleted (Wagtail
signals; a draft save invalidates too, which costs one re-render); domain
apps call ``pages_changed()`` when something shown on public pages changes,
e.g. events on every registration change, so "seats left" is always current
(see events/signals.py). The bump runs after the commit, so no page rendered
from rolled-back data survives. ``PAGE_CACHE_SECONDS`` bounds the age of an
entry for what no signal announces (a registration deadline passing).

The cache fails open: if it is down, pages are rendered as usual and one
warning a minute is logged.
"""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from wagtail.models import Page
from wagtail.signals import page_unpublished, post_page_move, published, unpublished

from lms.middleware import chosen_language, language_from_cookies

logger = logging.getLogger(__name__)

GENERATION_KEY = "lms:pagecache:generation"
CACHEABLE_VIEWS = {"wagtail_serve"}
# Headers recomputed for every response by the middleware above this one.
_SKIPPED_HEADERS = {"set-cookie", "date"}

_last_warning = 0.0


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _warn(action: str, error: Exception) -> None:
    """One line a minute per process while the cache is unavailable."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= 60:
        _last_warning = now
        logger.warning("page cache unavailable (%s), rendering: %r", action, error)


def cache_key(*, scheme: str, host: str, path: str, query: str, language: str) -> str:
    """The entry of one address in one language (the same for both serving paths)."""
    address = "|".join([scheme, host, path, query])
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"lms:page:{language}:{digest[:40]}"


def page_key(request) -> str:
    return cache_key(
        scheme=request.scheme,
        # The Host header as sent (the ASGI front sees nothing else); Django's
        # test client sends none, hence the fallback.
        host=request.META.get("HTTP_HOST") or request.get_host(),
        path=request.path,
        query=request.META.get("QUERY_STRING", ""),
        language=chosen_language(request),
    )


def _new_generation() -> str:
    return uuid.uuid4().hex


def _bump() -> None:
    try:
        _cache().set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception as error:  # noqa: BLE001 - the cache must never break a write
        _warn("invalidate", error)


def pages_changed() -> None:
    """Public pages show something that changed: drop every cached copy.

    Call it from the transaction that makes the change; the cached copies go
    when it commits (at once outside a transaction).
    """
    if getattr(settings, "PAGE_CACHE_ENABLED", True):
        transaction.on_commit(_bump, robust=True)


def _anonymous(cookies: dict) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
    )


def _is_candidate(request) -> bool:
    return request.method == "GET" and _anonymous(request.COOKIES)


def _is_storable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and match is not None
        and match.url_name in CACHEABLE_VIEWS
        and not (user is not None and user.is_authenticated)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(
            word in cache_control for word in ("private", "no-store", "no-cache")
        )
        and response.get("Content-Type", "").startswith("text/html")
    )


def _entry(generation: str, response) -> tuple:
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in _SKIPPED_HEADERS
    ]
    return (generation, response.status_code, headers, response.content)


def _from_entry(entry: tuple) -> HttpResponse:
    _generation, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 300)

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not _is_candidate(
            request
        ):
            return self.get_response(request)
        key = page_key(request)
        try:
            found = _cache().get_many([GENERATION_KEY, key])
        except Exception as error:  # noqa: BLE001 - fail open
            _warn("read", error)
            return self.get_response(request)
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if generation is not None and entry is not None and entry[0] == generation:
            return _from_entry(entry)
        response = self.get_response(request)
        if _is_storable(request, response):
            self._store(key, generation, response)
        return response

    def _store(self, key: str, generation: str | None, response) -> None:
        try:
            cache = _cache()
            if generation is None:
                # First page after a start or an eviction: start a generation,
                # unless another process did meanwhile (perhaps a change's
                # bump while this page rendered: then it may be stale).
                generation = _new_generation()
                if not cache.add(GENERATION_KEY, generation, timeout=None):
                    return
            cache.set(key, _entry(generation, response), timeout=self.timeout)
        except Exception as error:  # noqa: BLE001 - fail open
            _warn("write", error)


# --- Invalidation by the core: Wagtail pages and publishable snippets ----------


def _page_saved_or_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        pages_changed()


def _published_or_unpublished(sender, **kwargs):
    pages_changed()


def connect_signals() -> None:
    """Called from LmsConfig.ready()."""
    post_save.connect(_page_saved_or_deleted, dispatch_uid="pagecache_page_save")
    post_delete.connect(_page_saved_or_deleted, dispatch_uid="pagecache_page_delete")
    # Publishing saves the page (caught above); these cover what changes the
    # tree without saving the specific page, and snippets shown on pages.
    post_page_move.connect(_published_or_unpublished, dispatch_uid="pagecache_move")
    page_unpublished.connect(
        _published_or_unpublished, dispatch_uid="pagecache_unpublish"
    )
    published.connect(_published_or_unpublished, dispatch_uid="pagecache_published")
    unpublished.connect(_published_or_unpublished, dispatch_uid="pagecache_unpublished")


# --- The ASGI fast path ---------------------------------------------------------


class CachedPagesASGI:
    """Answer cache hits before Django's request handling starts (lms/asgi.py).

    Under ASGI every Django request starts a thread of its own and hops
    between it and the event loop for the request signals and the middleware
    (about 4 ms a request on this machine): that, not the cache, capped cached
    pages at ~200 requests/s per process. This wrapper looks the page up with
    the same key as the middleware and answers a hit from the event loop; a
    miss, and everything that is not an anonymous GET, goes to Django
    unchanged, where the middleware renders and stores as before. The stored
    headers are those of the complete response (the middleware runs first), so
    both paths answer the same bytes.
    """

    def __init__(self, app):
        self.app = app
        self._down_until = 0.0

    async def __call__(self, scope, receive, send):
        key = self._key(scope) if scope["type"] == "http" else None
        if key is None:
            return await self.app(scope, receive, send)
        if time.monotonic() < self._down_until:
            return await self.app(scope, receive, send)
        try:
            found = await _cache().aget_many([GENERATION_KEY, key])
        except Exception as error:  # noqa: BLE001 - fail open
            # Django (and the middleware) takes over for a few seconds, so an
            # outage costs one failed attempt, not one per request.
            self._down_until = time.monotonic() + 5
            _warn("read", error)
            return await self.app(scope, receive, send)
        entry = found.get(key)
        generation = found.get(GENERATION_KEY)
        if generation is None or entry is None or entry[0] != generation:
            return await self.app(scope, receive, send)
        _generation, status, headers, content = entry
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in [*headers, ("X-Page-Cache", "hit")]
                ],
            }
        )
        await send({"type": "http.response.body", "body": content})

    def _key(self, scope) -> str | None:
        query = scope.get("query_string", b"")
        if (
            scope.get("method") != "GET"
            or not getattr(settings, "PAGE_CACHE_ENABLED", True)
            or not query.isascii()
        ):
            return None
        headers: dict[bytes, bytes] = {}
        for name, value in scope.get("headers", []):
            name = name.lower()
            # Several Cookie headers are one list (as Django joins them).
            headers[name] = headers[name] + b"; " + value if name in headers else value
        cookies = parse_cookie(headers.get(b"cookie", b"").decode("latin-1"))
        if not _anonymous(cookies):
            return None
        return cache_key(
            scheme=self._scheme(scope, headers),
            host=headers.get(b"host", b"").decode("latin-1"),
            path=scope.get("path", ""),
            query=query.decode("ascii"),
            language=language_from_cookies(cookies),
        )

    @staticmethod
    def _scheme(scope, headers: dict[bytes, bytes]) -> str:
        # As HttpRequest.scheme reads it behind a TLS-terminating proxy.
        if settings.SECURE_PROXY_SSL_HEADER:
            meta_name, secure_value = settings.SECURE_PROXY_SSL_HEADER
            name = meta_name.removeprefix("HTTP_").replace("_", "-").lower()
            value = headers.get(name.encode("latin-1"))
            if value is not None:
                scheme = value.decode("latin-1").split(",", 1)[0].strip()
                return "https" if scheme == secure_value else "http"
        return scope.get("scheme", "http")
