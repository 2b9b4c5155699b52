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
from tests.helpers import soup, sr

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


def test_on_the_2025_demo_the_home_shows_the_statistics_pages_figures(
    client, staff_user, monkeypatch
):
    """The full demo: every figure the home page shows is the statistics
    page's; the report's 399 institutions and 4,79 stand beside the computed
    324 and 4,85 with the line that explains them, nowhere else."""
    import io
    from types import SimpleNamespace

    from django.core.management import call_command
    from wagtail.models import Site

    call_command("load_demo", stdout=io.StringIO())
    # The home page shows the last full year: make that 2025 whatever today is.
    monkeypatch.setattr(
        figures_module,
        "timezone",
        SimpleNamespace(localdate=lambda: datetime.date(2026, 6, 1)),
    )
    home = Site.objects.get(is_default_site=True).root_page.specific
    page = soup(client.get(home.url))
    shown = home_figures_shown(client, home)
    assert client.login(email=staff_user.email, password=PASSWORD)
    stats = client.get(
        reverse("events:series_stats"), {"start": "2025-01-01", "end": "2025-12-31"}
    ).context["stats"]

    def number(value) -> str:
        return f"{value:,}".replace(",", ".")

    assert shown["trainings"] == (str(len(stats.trainings)), None)
    assert shown["participants"] == (number(stats.participants), None)
    assert shown["municipalities"] == (number(stats.municipalities), None)
    assert shown["licence_point_recipients"] == (
        number(stats.licence_point_recipients),
        None,
    )
    rating = f"{stats.average_rating:.2f}".replace(".", ",")
    assert (shown["institutions"][0], shown["average_rating"][0]) == (
        number(stats.institutions),
        rating,
    )
    # The figures the issue names, from the demo's records.
    assert (stats.participants, stats.institutions, rating) == (1463, 324, "4,85")
    assert (
        sr("published report: %(value)s") % {"value": "399"}
        in (shown["institutions"][1])
    )
    assert "4,79" in shown["average_rating"][1]
    note = page.select_one(".home-figures__note").get_text(" ", strip=True)
    assert note == sr(
        "Computed from the attendance records and evaluations on this platform; "
        "the published report's figures, counted by hand, differ where shown (its "
        "average rating does not follow from its own per-training ratings)."
    )
