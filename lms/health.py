"""Health for a load balancer: always JSON, 503 when this process cannot serve.

``/healthz`` reports each component (database, cache, channel layer) with its
state, and ``redis`` when Redis backs any of them (production). The answer is
503 when the database is down, or Redis when the site is configured with it
(several processes then rely on it to share live sessions); a component that
only degrades the site (an in-process cache or channel layer) is reported but
leaves it at 200.

``HealthCheckMiddleware`` answers before every other middleware, so a gone
database (sessions, users), a host name the load balancer does not send
(``ALLOWED_HOSTS``) or the HTTPS redirect never turn the probe into an HTML
error page or a redirect.
"""

import asyncio
import logging
import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import JsonResponse

from lms.faults import warn_throttled

logger = logging.getLogger(__name__)

HEALTHZ_PATH = "/healthz"
# A load balancer's probe times out after a few seconds; a component that has
# not answered by then counts as down rather than holding the probe.
CHANNEL_LAYER_TIMEOUT = 2.0


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        details = check() or {}
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        return {"status": "error", "error": error.__class__.__name__}
    ms = round((time.perf_counter() - started) * 1000, 2)
    return {"status": "ok", **details, "ms": ms}


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> dict:
    backend = caches["default"]
    ping = getattr(backend, "ping", None)
    if ping is not None:
        # A fail-open cache (lms.cache) would hide an outage from a get.
        ping()
    elif isinstance(backend, RedisCache):
        backend._cache.get_client(write=True).ping()
    else:
        backend.get("lms:healthz")
    return {"backend": backend.__class__.__name__}


async def _round_trip(layer) -> None:
    channel = await layer.new_channel("healthz.")
    message = {"type": "health.check", "id": uuid.uuid4().hex}
    await layer.send(channel, message)
    received = await layer.receive(channel)
    if received.get("id") != message["id"]:
        raise RuntimeError("channel layer returned another message")


async def _bounded_round_trip(layer) -> None:
    await asyncio.wait_for(_round_trip(layer), timeout=CHANNEL_LAYER_TIMEOUT)


def _check_channel_layer() -> dict:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("not configured")
    async_to_sync(_bounded_round_trip)(layer)
    return {"backend": layer.__class__.__name__}


def _uses_redis() -> list[str]:
    """The components that Redis backs, in this configuration."""
    used = []
    if isinstance(caches["default"], RedisCache):
        used.append("cache")
    layer = get_channel_layer()
    if layer is not None and type(layer).__module__.startswith("channels_redis"):
        used.append("channel_layer")
    return used


def health_report() -> dict:
    """Each component's state and the overall ``status``: ok, degraded or error."""
    checks = {
        "database": _timed(_check_database),
        "cache": _timed(_check_cache),
        "channel_layer": _timed(_check_channel_layer),
    }
    critical = ["database"]
    redis_users = _uses_redis()
    if redis_users:
        failed = [name for name in redis_users if checks[name]["status"] != "ok"]
        checks["redis"] = {
            "status": "error" if failed else "ok",
            "used_by": redis_users,
        }
        critical.append("redis")
    if any(checks[name]["status"] != "ok" for name in critical):
        status = "error"
    elif any(check["status"] != "ok" for check in checks.values()):
        status = "degraded"
    else:
        status = "ok"
    return {"status": status, **checks}


def health_response() -> JsonResponse:
    try:
        report = health_report()
    except Exception as error:  # noqa: BLE001 - the probe must always get JSON
        logger.exception("health report failed")
        report = {"status": "error", "error": error.__class__.__name__}
    failing = [
        name
        for name, check in report.items()
        if isinstance(check, dict) and check.get("status") != "ok"
    ]
    if failing or report["status"] == "error":
        warn_throttled(logger, "healthz", "healthz: %s failing", ", ".join(failing))
    response = JsonResponse(report, status=503 if report["status"] == "error" else 200)
    response["Cache-Control"] = "no-store"
    # A probe every few seconds during an outage would otherwise add one
    # "Service Unavailable" error line each (django.request); the throttled
    # warning above says it once a minute.
    response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    """Answer ``/healthz`` before any other middleware can fail or redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == HEALTHZ_PATH:
            return health_response()
        return self.get_response(request)
