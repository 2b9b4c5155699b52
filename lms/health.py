"""Health of the parts a load balancer cares about: database and channel layer."""

import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        return {"status": "error", "error": error.__class__.__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 2)}


async def _round_trip(layer) -> None:
    channel = await layer.new_channel("healthz.")
    message = {"type": "health.check", "id": uuid.uuid4().hex}
    await layer.send(channel, message)
    received = await layer.receive(channel)
    if received.get("id") != message["id"]:
        raise RuntimeError("channel layer returned another message")


def _check_channel_layer() -> dict:
    layer = get_channel_layer()
    if layer is None:
        return {"status": "error", "error": "not configured"}
    started = time.perf_counter()
    try:
        async_to_sync(_round_trip)(layer)
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        return {"status": "error", "error": error.__class__.__name__}
    return {
        "status": "ok",
        "backend": layer.__class__.__name__,
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }


def health_report() -> dict:
    checks = {"database": _check_database(), "channel_layer": _check_channel_layer()}
    ok = all(c["status"] == "ok" for c in checks.values())
    return {"status": "ok" if ok else "error", **checks}
