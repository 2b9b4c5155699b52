"""My trainings leads somewhere from every state: an evaluation link only
while the questionnaire is open, the calendar when there is nothing yet."""

import pytest
from django.urls import reverse

from tests.certificates.conftest import attend, held_training, licensed  # noqa: F401
from tests.helpers import main_text

pytestmark = pytest.mark.django_db


def test_closed_evaluation_is_not_offered(client, make_training, attend, licensed):  # noqa: F811
    long_ago = make_training(days=-60, status="held")
    attend(long_ago, licensed)
    client.force_login(licensed)

    response = client.get(reverse("events:my_trainings"))

    html = response.content.decode()
    assert reverse("events:evaluation_answer", args=[long_ago.pk]) not in html
    assert "Евалуација је затворена" in main_text(response)


def test_open_evaluation_is_offered(client, held_training, attend, licensed):  # noqa: F811
    attend(held_training, licensed)
    client.force_login(licensed)

    response = client.get(reverse("events:my_trainings"))

    url = reverse("events:evaluation_answer", args=[held_training.pk])
    assert url in response.content.decode()
    assert client.get(url).status_code == 200


def test_answered_evaluation_says_thank_you(client, held_training, attend, licensed):  # noqa: F811
    attend(held_training, licensed, evaluated=True)
    client.force_login(licensed)

    response = client.get(reverse("events:my_trainings"))

    assert "Евалуација је послата, хвала" in main_text(response)


def test_no_trainings_links_the_calendar(client, training_index, participant):
    client.force_login(participant)

    html = client.get(reverse("events:my_trainings")).content.decode()

    assert f'href="{training_index.url}"' in html
    assert "Пронађите обуку у календару" in html
