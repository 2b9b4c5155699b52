import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.stats.charts import Bar, bar_chart_svg
from events.stats.series import series_stats
from lms.models import Municipality, System
from tests.events.eval_helpers import answer, attend, held_training, login


def this_year():
    today = timezone.localdate()
    return {"start": today.replace(month=1, day=1), "end": today}


@pytest.fixture
def series(make_training, make_user, staff_user):
    """Two held trainings: in Niš 3 women and a man, in Pirot a woman."""
    nis = held_training(make_training, accreditation_number="1/2026")
    pirot = held_training(make_training, city="Пирот")
    health = System.objects.get(key="health")
    aleksinac = Municipality.objects.get(name="Алексинац")
    people = [
        make_user(email="a@example.org", licence_number="1-1"),
        make_user(email="b@example.org", gender="male", system=health),
        make_user(email="c@example.org", municipality=aleksinac),
        make_user(email="d@example.org"),
        make_user(email="e@example.org", licence_number="1-2"),
    ]
    for person in people[:4]:
        answer(attend(nis, person, staff_user), rating=4)
    attend(pirot, people[4], staff_user)
    from events import services

    services.registration_create(  # registered, never came
        training=nis,
        user=make_user(email="f@example.org"),
        consent_data=True,
        consent_chamber=True,
        staff=True,
        notify=False,
    )
    return nis, pirot


def test_series_figures(series, settings):
    settings.EVALUATION_MIN_ANSWERS = 1
    nis, pirot = series

    stats = series_stats(**this_year())

    assert len(stats.trainings) == 2
    assert (stats.participants, stats.women, stats.men) == (5, 4, 1)
    assert stats.registrations == 6 and str(stats.attendance_ratio) == "83.3"
    assert stats.licence_point_recipients == 1  # Pirot is not accredited
    assert str(stats.average_rating) == "4.00" and stats.answers == 4
    systems = {key: n for key, _name, n in stats.systems}
    assert systems["social_protection"] == 4 and systems["health"] == 1
    assert stats.municipalities == 2  # Niš and Aleksinac (all live in Nišava)
    nisava = next(
        d for d in stats.districts if d.name == nis.municipality.district.name
    )
    assert (nisava.units_present, nisava.units_total) == (2, 7)
    row = next(r for r in stats.trainings if r.id == nis.pk)
    assert (row.participants, row.women, row.men, row.registrations) == (4, 3, 1, 5)


def test_a_cancelled_or_future_training_is_not_counted(series, make_training):
    nis, _pirot = series
    nis.status = "cancelled"
    nis.save()
    make_training(days=10)

    assert len(series_stats(**this_year()).trainings) == 1


def test_dashboard_for_staff_only(series, staff_user, participant, trainer, client):
    url = reverse("events:series_stats")
    period = {k: v.isoformat() for k, v in this_year().items()}
    login(client, participant)
    assert client.get(url).status_code == 403
    login(client, trainer)
    assert client.get(url).status_code == 403
    login(client, staff_user)

    page = client.get(url, period)

    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 3 and "<script" not in html.split("</head>")[1]
    assert page.context["stats"].participants == 5


def test_pdf_and_xlsx_downloads(series, staff_user, client):
    login(client, staff_user)
    period = {k: v.isoformat() for k, v in this_year().items()}

    pdf = client.get(reverse("events:series_stats_download", args=["pdf"]), period)
    xlsx = client.get(reverse("events:series_stats_download", args=["xlsx"]), period)

    assert pdf.content.startswith(b"%PDF")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    by_training = list(workbook.worksheets[2].iter_rows(values_only=True))
    assert len(by_training) == 3
    assert sorted(row[4] for row in by_training[1:]) == [1, 4]


def test_chart_has_labels_and_values_as_text_and_escapes():
    svg = bar_chart_svg(
        chart_id="c",
        title="<b>Учесници</b>",
        bars=[Bar("Ниш & <околина>", 12), Bar("Пирот", 4.5)],
    )
    assert "&lt;b&gt;Учесници&lt;/b&gt;" in svg and "<b>" not in svg
    assert "Ниш &amp; &lt;околина&gt;" in svg
    assert ">12</text>" in svg and ">4,5</text>" in svg
    assert 'fill="url(#c-hatch)"' in svg


def test_series_stats_command_prints_json(series):
    out = io.StringIO()
    year = timezone.localdate().year

    call_command("series_stats", "--year", str(year), "--json", stdout=out)

    figures = json.loads(out.getvalue())
    assert figures["trainings"] == 2 and figures["participants"] == 5
    assert figures["participants_by_training"][0].keys() == {
        "date",
        "city",
        "participants",
        "women",
        "men",
        "average_rating",
    }


@pytest.mark.parametrize("count", [5, 50])
def test_stats_queries_do_not_grow_with_participants(
    make_training, make_user, staff_user, client, count, django_assert_max_num_queries
):
    training = held_training(make_training, accreditation_number="2/2026")
    for i in range(count):
        registration = attend(
            training, make_user(email=f"p{i}@example.org"), staff_user
        )
        if i < 5:
            answer(registration)
    login(client, staff_user)
    period = {k: v.isoformat() for k, v in this_year().items()}

    with django_assert_max_num_queries(20):
        page = client.get(reverse("events:series_stats"), period)

    assert page.context["stats"].participants == count


def test_stacked_chart_fits_a_phone_and_has_a_text_alternative():
    svg = bar_chart_svg(
        chart_id="c",
        title="Учесници",
        bars=[Bar("Нови Сад", 581), Bar("Ниш", 257), Bar("Пирот", 194)],
        stacked=True,
    )
    assert 'viewBox="0 0 360 ' in svg
    assert "<desc" in svg and "Нови Сад: 581; Ниш: 257; Пирот: 194" in svg
    assert ">581</text>" in svg and ">194</text>" in svg


def test_statistics_period_fields_hold_iso_dates(client, staff_user):
    client.force_login(staff_user)

    html = client.get("/obuke/statistika/").content.decode()

    year = timezone.localdate().year - 1
    assert f'value="{year}-01-01"' in html and f'value="{year}-12-31"' in html
