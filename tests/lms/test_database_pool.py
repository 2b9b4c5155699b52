"""Database connections: a bounded pool on PostgreSQL, a busy page when it is full."""

import runpy

import pytest

from lms.settings.base import database_config
from tests.helpers import sr

POSTGRES_URL = "postgres://lms:secret@db.example.org:5432/lms"


def test_a_postgresql_url_gets_a_bounded_pool_without_persistent_connections(
    monkeypatch,
):
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    monkeypatch.setenv("DB_CONN_MAX_AGE", "60")
    monkeypatch.setenv("DB_POOL_MAX_SIZE", "12")
    monkeypatch.setenv("DB_POOL_TIMEOUT", "7")

    config = database_config()

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["pool"]["max_size"] == 12
    assert config["OPTIONS"]["pool"]["timeout"] == 7
    assert config["OPTIONS"]["pool"]["min_size"] <= 12


def test_the_pool_can_be_turned_off_for_an_external_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    monkeypatch.setenv("DB_POOL", "0")
    monkeypatch.setenv("DB_CONN_MAX_AGE", "30")

    config = database_config()

    assert "pool" not in config.get("OPTIONS", {})
    assert config["CONN_MAX_AGE"] == 30


def test_sqlite_gets_no_pool(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    config = database_config()

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "pool" not in config.get("OPTIONS", {})


def test_production_settings_use_the_pool_and_no_persistent_connections(
    monkeypatch,
):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    monkeypatch.delenv("DB_POOL", raising=False)

    production = runpy.run_module("lms.settings.production")

    default = production["DATABASES"]["default"]
    assert default["OPTIONS"]["pool"]["max_size"] >= 1
    assert default["CONN_MAX_AGE"] == 0
    assert default["CONN_HEALTH_CHECKS"] is True


@pytest.mark.urls("tests.lms.busy_urls")
def test_an_exhausted_pool_shows_the_busy_page_not_an_error(client):
    client.raise_request_exception = False

    response = client.get("/test-busy/")

    assert response.status_code == 503
    assert response["Retry-After"]
    assert sr("The site is busy") in response.content.decode()
    assert (
        sr(
            "Many people are using the site at this moment. "
            "Please try again in a moment."
        )
        in response.content.decode()
    )


@pytest.mark.urls("tests.lms.busy_urls")
def test_the_busy_page_comes_in_serbian_latin_when_chosen(client):
    client.raise_request_exception = False
    client.cookies["lms_language"] = "sr-latn"

    response = client.get("/test-busy/")

    assert response.status_code == 503
    assert "Sajt je trenutno zauzet" in response.content.decode()


@pytest.mark.urls("tests.lms.busy_urls")
def test_postgresql_turning_a_connection_away_shows_the_busy_page_too(client):
    client.raise_request_exception = False

    response = client.get("/test-too-many/")

    assert response.status_code == 503
    assert sr("The site is busy") in response.content.decode()


@pytest.mark.urls("tests.lms.busy_urls")
def test_other_failures_still_show_the_error_page(client):
    client.raise_request_exception = False

    response = client.get("/test-bug/")

    assert response.status_code == 500
    assert sr("The site is busy") not in response.content.decode()
