"""Redis (the production cache) down: pages still answer, and recover after.

Each test runs its own Redis on a free port and stops it in the middle; the
cache is the production backend (lms.cache.FailOpenRedisCache) pointed at it.
"""

import logging
import socket
import time
from datetime import timedelta

import pytest
import redis
from django.core.cache import cache

from lms import periodic
from tests.conftest import PASSWORD
from tests.lms.redis_process import own_redis  # noqa: F401 - a fixture

VERIFY_URL = "/verify/AAAA-BBBB-CCCCC"


@pytest.fixture
def redis_cache(own_redis, settings):  # noqa: F811 - the fixture above
    settings.CACHES = {
        "default": {
            "BACKEND": "lms.cache.FailOpenRedisCache",
            "LOCATION": own_redis.url,
            # Try Redis on every call, so the test sees it back at once.
            "OPTIONS": {"RETRY_AFTER": 0},
        }
    }
    cache.clear()
    return own_redis


class CountingTask:
    """Stands for a django_tasks task: counts how often it is enqueued."""

    def __init__(self):
        self.enqueued = 0

    def enqueue(self):
        self.enqueued += 1


@pytest.fixture
def one_periodic_task(monkeypatch, settings):
    """The registered periodic tasks replaced by one that only counts."""
    task = CountingTask()
    monkeypatch.setattr(
        periodic,
        "periodic_tasks",
        {"test.count": periodic.PeriodicTask("test.count", task, timedelta(hours=1))},
    )
    settings.PERIODIC_TASKS_ON_REQUEST = True
    return task


def log_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_pages_log_in_and_verification_work_while_redis_is_down_and_after(
    client, home_page, participant, redis_cache, settings, caplog
):
    settings.PERIODIC_TASKS_ON_REQUEST = True
    settings.PERIODIC_CHECK_SECONDS = 0
    assert client.get("/").status_code == 200
    cache.set("probe", "before")
    assert cache.get("probe") == "before"

    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="lms.cache"):
        home = client.get("/")
        feed = client.get("/obuke/kalendar.ics")
        verify = client.get(VERIFY_URL)
        login = log_in(client, participant.email)
    assert home.status_code == 200
    assert feed.status_code == 200
    assert verify.status_code == 404  # unknown code: answered, not limited
    assert login.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    assert cache.get("probe") is None
    # Many failed cache calls, one warning (throttled per process).
    outage_lines = [r for r in caplog.records if "cache unavailable" in r.message]
    assert len(outage_lines) == 1
    assert outage_lines[0].levelno == logging.WARNING

    redis_cache.start()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="lms.cache"):
        assert client.get("/").status_code == 200
    assert any("available again" in r.message for r in caplog.records)
    cache.set("probe", "after")
    assert cache.get("probe") == "after"


def test_rate_limits_count_again_once_redis_is_back(
    client, participant, redis_cache, settings
):
    settings.CERTIFICATES_VERIFY_RATE = (2, 60)
    redis_cache.stop()
    # Down: the limit cannot be counted, so it lets everyone through.
    assert [client.get(VERIFY_URL).status_code for _ in range(4)] == [404] * 4

    redis_cache.start()
    assert [client.get(VERIFY_URL).status_code for _ in range(3)] == [404, 404, 429]


def test_periodic_tasks_wait_while_redis_is_down_and_run_once_when_it_is_back(
    client, home_page, redis_cache, one_periodic_task, settings
):
    settings.PERIODIC_CHECK_SECONDS = 0  # look on every request
    redis_cache.stop()

    assert [client.get("/").status_code for _ in range(3)] == [200] * 3
    # A claim that cannot be recorded is no claim: nothing enqueued on every
    # request of every process.
    assert one_periodic_task.enqueued == 0

    redis_cache.start()
    assert [client.get("/").status_code for _ in range(3)] == [200] * 3
    assert one_periodic_task.enqueued == 1


def test_a_cache_that_raises_does_not_fail_the_page_and_is_logged(
    client, home_page, one_periodic_task, settings, caplog
):
    # Django's own Redis backend raises; the periodic check must absorb it.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with caplog.at_level(logging.WARNING, logger="lms.periodic"):
        response = client.get("/")

    assert response.status_code == 200
    assert one_periodic_task.enqueued == 0
    assert any("periodic tasks not checked" in r.message for r in caplog.records)


class RecordingCache:
    """Wraps the cache to list the operations the periodic check makes."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def __getattr__(self, name):
        self.calls.append(name)
        return getattr(self.inner, name)


def test_anonymous_page_views_do_not_write_the_cache_for_periodic_tasks(
    client, home_page, one_periodic_task, settings, monkeypatch
):
    settings.PERIODIC_CHECK_SECONDS = 3600
    recording = RecordingCache(cache)
    monkeypatch.setattr(periodic, "cache", recording)

    client.get("/")
    first = list(recording.calls)
    for _ in range(9):
        assert client.get("/").status_code == 200

    # The first view of the interval reads once and claims the due task;
    # the nine after it do not touch the cache at all.
    assert first == ["get_many", "add", "get"]
    assert recording.calls == first
    assert one_periodic_task.enqueued == 1


def test_a_task_claimed_by_another_process_is_not_enqueued_again(
    home_page, one_periodic_task
):
    assert periodic.periodic_run_due() == ["test.count"]
    # Another process (same shared cache) checks within the interval.
    assert periodic.periodic_run_due() == []
    assert periodic.periodic_run_due(force=True) == ["test.count"]
    assert one_periodic_task.enqueued == 2


def test_after_a_failure_redis_is_left_alone_for_retry_after_seconds(
    own_redis,  # noqa: F811 - the imported fixture
    settings,
    monkeypatch,
):
    from lms import cache as fail_open

    settings.CACHES = {
        "default": {
            "BACKEND": "lms.cache.FailOpenRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"RETRY_AFTER": 30},
        }
    }
    own_redis.stop()
    assert cache.get("greeting", "none") == "none"  # fails, pauses Redis
    own_redis.start()
    redis.Redis.from_url(own_redis.url).set(cache.make_key("greeting"), 2026)

    # Redis is back, but this process does not ask it yet: an outage costs one
    # timeout per pause, not one per cache call.
    assert cache.get("greeting", "none") == "none"
    now = time.monotonic()
    monkeypatch.setattr(fail_open.time, "monotonic", lambda: now + 31)
    assert cache.get("greeting", "none") == 2026


def test_a_redis_that_does_not_answer_does_not_hang_the_request(settings, caplog):
    # A port that accepts connections and never replies (a hung Redis, or a
    # network that drops packets after the handshake).
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.CACHES = {
            "default": {
                "BACKEND": "lms.cache.FailOpenRedisCache",
                "LOCATION": f"redis://127.0.0.1:{silent.getsockname()[1]}/0",
                "OPTIONS": {"RETRY_AFTER": 0},
            }
        }
        with caplog.at_level(logging.WARNING, logger="lms.cache"):
            value = cache.get("anything", "default")

    assert value == "default"
    assert any("Timeout" in r.getMessage() for r in caplog.records)
