"""Cached training pages and calendar show current seats and publishing state."""

import re

import pytest

from events import services
from tests.helpers import main_text, soup, squash


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


def seats_left(response) -> int:
    badge = squash(soup(response).main.select_one(".badge--ok").get_text(" "))
    return int(re.search(r"\d+", badge).group())


def register(training, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            training=training, user=user, consent_data=True, consent_chamber=True
        )


def test_a_registration_changes_the_seats_shown(
    client, training, participant, django_capture_on_commit_callbacks
):
    before = client.get(training.url)
    assert client.get(training.url)["X-Page-Cache"] == "hit"

    register(training, participant, django_capture_on_commit_callbacks)
    after = client.get(training.url)

    assert seats_left(before) == 3
    assert "X-Page-Cache" not in after
    assert seats_left(after) == 2


def test_the_calendar_shows_a_full_training_once_the_last_seat_goes(
    client, make_training, people, django_capture_on_commit_callbacks
):
    training = make_training(capacity=1, title="Обука у Нишу")
    calendar = training.get_parent().url
    client.get(calendar)
    full_text = "Попуњено"

    register(training, people[0], django_capture_on_commit_callbacks)
    response = client.get(calendar)

    assert full_text in main_text(response)


def test_an_unpublished_training_is_gone_at_once(
    client, training, django_capture_on_commit_callbacks
):
    client.get(training.url)
    client.get(training.url)

    with django_capture_on_commit_callbacks(execute=True):
        training.unpublish()
    response = client.get(training.url)

    assert response.status_code == 404
