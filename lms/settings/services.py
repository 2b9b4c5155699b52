"""Realtime, tasks and cache: the services a scaled-out installation shares.

The embedded default needs none of them (in-memory channel layer, immediate
tasks, database cache); ``production`` switches to Redis.
"""

import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_channel_layer(url: str) -> dict:
    """Live sessions shared by every process: Redis pub/sub.

    The pub/sub layer keeps group membership in each process, so a burst of
    joins or a mass disconnect does not exhaust Redis connections (see
    docs/live-quiz-protocol.md and bench/live_quiz.py for the figures).
    """
    return {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {
            "hosts": [{"address": url}],
            # Pub/sub channels ignore Redis' database number: sites (or test
            # runs) sharing one Redis keep apart by prefix.
            "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "asgi"),
        },
    }


# One process needs no services: the in-memory layer. CHANNEL_LAYER=redis
# lets several processes serve one live session together.
if os.environ.get("CHANNEL_LAYER", "memory") == "redis":
    CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL)}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Live sessions (docs/live-quiz-protocol.md): how often each process compares
# a session's sequence number in the database with the last one it delivered,
# and repairs a broadcast the channel layer lost (0 turns the repair off).
REALTIME_RESYNC_INTERVAL = float(os.environ.get("REALTIME_RESYNC_INTERVAL", "1.0"))
# Open phone sockets per client address in one process, new guests per
# address and session (a burst, then a rate per second), guests per session.
# A whole room on the venue's Wi-Fi shares one public address: the defaults
# let a room of 200 guests join at once, and anyone more two a second.
REALTIME_MAX_SOCKETS_PER_ADDRESS = int(
    os.environ.get("REALTIME_MAX_SOCKETS_PER_ADDRESS", "1000")
)
LIVE_GUEST_JOINS_PER_ADDRESS = int(
    os.environ.get("LIVE_GUEST_JOINS_PER_ADDRESS", "200")
)
LIVE_GUEST_JOIN_RATE_PER_ADDRESS = float(
    os.environ.get("LIVE_GUEST_JOIN_RATE_PER_ADDRESS", "2.0")
)
LIVE_MAX_GUESTS_PER_SESSION = int(os.environ.get("LIVE_MAX_GUESTS_PER_SESSION", "1000"))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lms_cache",
    }
}

# Anonymous visitors get public pages (home, calendar, trainings, courses,
# case studies) from the default cache, per language and script; publishing
# and registrations invalidate them at commit (lms/pagecache.py). The age
# bound covers what no signal announces, e.g. a registration deadline passing.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "1") != "0"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
