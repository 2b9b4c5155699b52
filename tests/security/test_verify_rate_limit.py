"""Issue 13.7: the verification rate limit is a fixed window that ends.

With the database cache, every refused request used to push the key's expiry
300 s forward, so a client retrying every few minutes stayed refused for ever.
The clock is frozen and moved by hand (Redis' own expiry runs on real time).
"""

import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.core.management import call_command

URL = "/verify/AAAA-BBBB-CCCCC"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = pytest.mark.django_db


def _redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def database_cache(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "security_test_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    return cache


@pytest.fixture
def redis_cache(db, settings):
    if not _redis_available():
        pytest.skip(f"no Redis at {REDIS_URL}")
    # The shared Redis: a prefix of our own, never a flush. Keys expire with
    # the window (60 s) and are deleted at the end anyway.
    prefix = f"lms-security-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield cache
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(params=["database_cache", "redis_cache"])
def shared_cache(request):
    return request.getfixturevalue(request.param)


def statuses(client, times: int) -> list[int]:
    return [client.get(URL).status_code for _ in range(times)]


def test_a_refused_client_is_let_in_again_when_the_window_ends(
    client, settings, shared_cache, clock
):
    settings.CERTIFICATES_VERIFY_RATE = (3, 60)
    clock.now = 1_800_000_000.0  # the start of a window

    assert statuses(client, 4) == [404, 404, 404, 429]
    clock.advance(30)
    assert statuses(client, 1) == [429]  # the window still runs

    clock.advance(30)  # the next window
    assert statuses(client, 4) == [404, 404, 404, 429]


def test_retrying_every_four_minutes_never_locks_a_client_out(
    client, settings, shared_cache, clock
):
    settings.CERTIFICATES_VERIFY_RATE = (2, 60)
    clock.now = 1_800_000_000.0

    assert statuses(client, 3) == [404, 404, 429]
    for _retry in range(3):  # 12 minutes of retries, as the review did
        clock.advance(240)
        assert statuses(client, 1) == [404]
