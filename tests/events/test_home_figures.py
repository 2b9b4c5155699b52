"""The home page's series figures are the statistics page's, not typed ones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events import home_figures as figures_module
from events.imports import participants_parse
from events.imports.services import participants_import
from tests.conftest import PASSWORD
from tests.events.eval_helpers import answer
from tests.helpers import soup

SHEET = (
    "Име;Презиме;Е-пошта;Установа;Општина;Пол;Присуство\n"
    "Ана;Анић;ana1@example.org;ЦСР Ниш;Ниш;ж;да\n"
    "Бора;Борић;bora1@example.org;Дом здравља Чачак;Чачак;м;да\n"
    "Вера;Верић;vera1@example.org;ЦСР Ниш;Ниш;ж;да\n"
)


@pytest.fixture
def last_years_training(make_training, staff_user, settings):
    settings.EVALUATION_MIN_ANSWERS = 1
    settings.EVALUATION_OPEN_DAYS = 800  # answered on paper, typed in late
    year = timezone.localdate().year - 1
    days = (timezone.localdate() - datetime.date(year, 6, 15)).days
    training = make_training(days=-days, capacity=10, status="held")
    rows = participants_parse(name="s.csv", data=SHEET.encode())
    participants_import(training=training, rows=rows, by=staff_user, confirm=True)
    for rating, registration in zip(
        (5, 4, 4), training.registrations.all(), strict=True
    ):
        answer(registration, rating=rating)
    return training


def home_figures_shown(client, home_page) -> dict[str, tuple[str, str | None]]:
    page = soup(client.get(home_page.url))
    shown = {}
    for item in page.select("[data-figure]"):
        published = item.select_one("[data-published]")
        shown[item["data-figure"]] = (
            item.select_one("[data-computed]").get_text(),
            published.get_text() if published else None,
        )
    return shown


def test_the_home_figures_are_the_statistics_pages(
    client, home_page, last_years_training, staff_user
):
    shown = home_figures_shown(client, home_page)
    assert client.login(email=staff_user.email, password=PASSWORD)
    stats = client.get(reverse("events:series_stats")).context["stats"]

    assert shown["institutions"][0] == str(stats.institutions) == "2"
    assert shown["participants"][0] == str(stats.participants) == "3"
    assert shown["municipalities"][0] == str(stats.municipalities) == "2"
    assert shown["average_rating"][0] == "4,33"
    assert stats.average_rating.quantize(stats.average_rating) == (stats.average_rating)
    assert str(stats.average_rating).replace(".", ",").startswith("4,3")


def test_the_published_figure_is_shown_only_where_it_differs(
    client, home_page, last_years_training, monkeypatch
):
    monkeypatch.setattr(
        figures_module,
        "_published_totals",
        lambda year: {"participants": 3, "institutions": 399, "average_rating": 4.79},
    )

    shown = home_figures_shown(client, home_page)
    page = client.get(home_page.url).content.decode()

    assert shown["participants"] == ("3", None)
    assert shown["institutions"][0] == "2" and "399" in shown["institutions"][1]
    assert "4,79" in shown["average_rating"][1]
    assert "home-figures__note" in page


def test_without_a_series_last_year_the_home_page_shows_no_figures(client, home_page):
    assert home_figures_shown(client, home_page) == {}
