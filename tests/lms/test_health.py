import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lms.redis_process import free_port, own_redis  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_and_channel_layer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"]["status"] == "ok"
    assert data["channel_layer"]["status"] == "ok"


def test_healthz_reports_a_broken_channel_layer(client, db, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [("127.0.0.1", 1)]},
        }
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.clear()

    assert response.status_code == 503
    assert response.json()["channel_layer"]["status"] == "error"
    assert response.json()["database"]["status"] == "ok"


# --- Outages: always JSON, 503 when the database or a configured Redis is down


def test_healthz_reports_every_component_as_json(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    components = ("database", "cache", "channel_layer")
    assert [data[name]["status"] for name in components] == ["ok", "ok", "ok"]
    assert "redis" not in data  # the embedded default uses no Redis


@pytest.fixture
def redis_everywhere(own_redis, settings):  # noqa: F811 - the imported fixture
    """Production's Redis configuration, on the test's own Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "lms.cache.FailOpenRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"RETRY_AFTER": 0},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": own_redis.url}],
                "prefix": f"healthz-test-{own_redis.port}",
            },
        }
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield own_redis
    channel_layers.backends.clear()


def test_healthz_is_503_json_while_redis_is_down_and_200_after(
    client, db, redis_everywhere
):
    up = client.get("/healthz")
    redis_everywhere.stop()
    down = client.get("/healthz")
    redis_everywhere.start()
    back = client.get("/healthz")

    assert up.status_code == 200
    assert up.json()["redis"] == {
        "status": "ok",
        "used_by": ["cache", "channel_layer"],
    }
    assert down.status_code == 503
    assert down["Content-Type"] == "application/json"
    data = down.json()
    assert data["status"] == "error"
    assert data["redis"]["status"] == "error"
    assert data["cache"]["status"] == "error"
    assert data["database"]["status"] == "ok"
    assert back.status_code == 200
    assert back.json()["cache"]["status"] == "ok"


HEALTHZ_IN_A_NEW_PROCESS = """
import json
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/healthz")
print(json.dumps({
    "status": response.status_code,
    "type": response.get("Content-Type", ""),
    "body": response.content.decode(),
}))
"""


def healthz_in_a_new_process(**env) -> dict:
    """/healthz of a freshly started site with the given environment."""
    result = subprocess.run(
        [sys.executable, "-c", HEALTHZ_IN_A_NEW_PROCESS],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://postgres@127.0.0.1:{closed_port}/lms_gone",
        "sqlite:////nonexistent-directory/lms/db.sqlite3",
    ],
    ids=["postgresql-closed-port", "sqlite-missing-file"],
)
def test_healthz_is_503_json_when_the_database_is_gone(database_url):
    answer = healthz_in_a_new_process(
        DJANGO_SETTINGS_MODULE="lms.settings.test",
        DATABASE_URL=database_url.format(closed_port=free_port()),
    )

    assert answer["status"] == 503
    assert answer["type"] == "application/json"
    data = json.loads(answer["body"])
    assert data["status"] == "error"
    assert data["database"]["status"] == "error"


def production_env(tmp_path, redis_url: str) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "healthz-test-secret-key-" + "x" * 40,
        # The probe comes by IP over plain HTTP: neither the host check nor the
        # HTTPS redirect may turn it into a 400 or a 301.
        "ALLOWED_HOSTS": "obuke.example.rs",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": redis_url,
        "CHANNEL_LAYER_PREFIX": "healthz-test",
    }


def test_healthz_in_production_is_200_with_redis_up(tmp_path, own_redis):  # noqa: F811
    answer = healthz_in_a_new_process(**production_env(tmp_path, own_redis.url))

    assert answer["status"] == 200
    data = json.loads(answer["body"])
    assert data["redis"]["status"] == "ok"
    assert data["cache"]["backend"] == "FailOpenRedisCache"


def test_healthz_in_production_is_503_json_with_redis_down(tmp_path):
    redis_url = f"redis://127.0.0.1:{free_port()}/0"
    answer = healthz_in_a_new_process(**production_env(tmp_path, redis_url))

    assert answer["status"] == 503
    assert answer["type"] == "application/json"
    data = json.loads(answer["body"])
    assert data["redis"]["status"] == "error"
    assert data["database"]["status"] == "ok"
