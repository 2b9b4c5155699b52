"""Referrals per month by district, system and institution type; people helped;
and suppression that no subtraction undoes, on the page and in the exports."""

import io
from collections import Counter, defaultdict
from datetime import date, datetime, time

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.institution_types import institution_type
from lms.models import Municipality, User
from referrals.disclosure import protect
from referrals.models import Referral
from tests.referrals.test_impact import impact_stats

PERIOD = ("--from", "2025-03-27", "--to", "2026-01-15")
URL = "?start=2025-03-27&end=2026-01-15"


def recount(field: str) -> dict[str, dict[str, int]]:
    """{month: {value: count}} straight from the referrals table."""
    tz = timezone.get_current_timezone()
    low = datetime.combine(date(2025, 3, 27), time.min, tzinfo=tz)
    high = datetime.combine(date(2026, 1, 16), time.min, tzinfo=tz)
    table = defaultdict(Counter)
    for referral in (
        Referral.objects.sent()
        .filter(sent_at__gte=low, sent_at__lt=high)
        .select_related("municipality__district", "system")
    ):
        month = timezone.localtime(referral.sent_at).strftime("%Y-%m")
        value = {
            "district": referral.municipality.district.name,
            "system": referral.system.key if referral.system else "—",
            "type": referral.institution_type or "—",
        }[field]
        table[month][value] += 1
    return {m: dict(row) for m, row in table.items()}


def test_referrals_per_month_by_district_system_and_type_match_the_records(demo):
    figures = impact_stats(*PERIOD)

    assert figures["by_month_district"] == recount("district")
    assert figures["by_month_system"] == recount("system")
    assert figures["by_month_institution_type"] == recount("type")
    for month, total in figures["by_month"].items():
        assert sum(figures["by_month_district"][month].values()) == total
    assert sum(figures["by_institution_type"].values()) == figures["referrals"]
    kirs = sum(row.get("kirs", 0) for row in figures["by_month_system"].values())
    assert kirs == 7
    # KIRS is a state body, not "other": the type is derived, never left blank.
    assert figures["by_institution_type"]["state_body"] >= 7
    assert "—" not in figures["by_institution_type"]
    zrenjanin = "Средњобанатски управни округ"
    assert (
        sum(row.get(zrenjanin, 0) for row in figures["by_month_district"].values())
        == figures["by_district"][zrenjanin]
    )
    # The report's help figures: 57 people (25 minors, 32 adults; 42 women, 15 men).
    helped = figures["helped"]
    assert (helped["total"], helped["children"], helped["adults"]) == (57, 25, 32)
    assert (helped["women"], helped["men"]) == (42, 15)


def test_each_trainings_district_is_counted_3_6_and_12_months_around_it(demo):
    windows = impact_stats(*PERIOD, "--trainings")["trainings"]
    dates = defaultdict(list)
    for sent_at, district in Referral.objects.sent().values_list(
        "sent_at", "municipality__district__name"
    ):
        dates[district].append(timezone.localdate(sent_at))

    checked = 0
    for row in windows:
        day = date.fromisoformat(row["date"])
        if day.day > 28:
            continue  # month ends are clamped to the 28th; compare plain dates
        for months in (3, 6, 12):
            since, until = (
                day - relativedelta(months=months),
                day + relativedelta(months=months),
            )
            days = dates[row["district"]]
            assert row[f"before_{months}"] == sum(since <= d < day for d in days)
            assert row[f"after_{months}"] == sum(day <= d < until for d in days)
        checked += 1
    assert checked >= 20
    zrenjanin = next(
        r for r in windows if r["district"] == "Средњобанатски управни округ"
    )
    # Nine after the training, more than in the three years before together.
    assert zrenjanin["after_12"] == 9 > zrenjanin["before_12"]


def _hidden(value) -> bool:
    return isinstance(value, str)


def _leaks(total, parts) -> bool:
    """A line (total and parts) with exactly one hidden member gives it away."""
    return sum(_hidden(v) for v in (total, *parts)) == 1


def _lines(figures: dict, district_of: dict) -> list[tuple[object, list]]:
    lines = [
        (
            figures["referrals"],
            [figures["referrals_from_trained"], figures["referrals_from_others"]],
        )
    ]
    for key in ("by_month", "by_district", "by_system", "by_institution_type"):
        lines.append((figures["referrals"], list(figures[key].values())))
    for table, margin in (
        ("by_month_district", "by_district"),
        ("by_month_system", "by_system"),
        ("by_month_institution_type", "by_institution_type"),
    ):
        columns = defaultdict(list)
        for month, row in figures[table].items():
            lines.append((figures["by_month"][month], list(row.values())))
            for key, value in row.items():
                columns[key].append(value)
        lines += [(figures[margin][k], v) for k, v in columns.items()]
    towns = defaultdict(list)
    for name, value in figures["by_municipality"].items():
        towns[district_of[name]].append(value)
    lines += [(figures["by_district"][d], v) for d, v in towns.items()]
    for who in ("identified", "helped"):
        people = figures[who]
        cells = people["by_age_and_gender"]
        lines += [
            (people["total"], list(cells.values())),
            (people["total"], [people["children"], people["adults"]]),
            (people["women"], [v for k, v in cells.items() if k.endswith("_female")]),
            (
                people["children"],
                [v for k, v in cells.items() if k.startswith("child")],
            ),
        ]
    return lines


def _numbers(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("x", "y"):
                yield from _numbers(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _numbers(v, key)
    elif isinstance(value, int) and not isinstance(value, bool):
        yield key, value


def test_the_chamber_can_neither_read_nor_work_out_a_small_count(demo, client):
    client.force_login(User.objects.get(email="komora@example.org"))
    response = client.get(reverse("referrals:impact") + URL)
    figures = response.context["figures"]

    assert [(k, v) for k, v in _numbers(figures) if 0 < v < 3] == []
    district_of = dict(Municipality.objects.values_list("name", "district__name"))
    assert [line for line in _lines(figures, district_of) if _leaks(*line)] == []
    for row in figures["districts"]:  # the grid shows what the tables show
        assert row["now"] == figures["by_district"].get(row["name"], 0)
        assert "change" not in row
    # Not vacuous: the cross-tabs have small cells, and some were hidden to
    # protect them.
    cells = [v for row in figures["by_month_district"].values() for v in row.values()]
    assert "< 3" in cells and "*" in cells
    assert figures["by_month_municipality"] == {} and figures["by_institution"] == {}
    page = response.content.decode()
    assert 'data-testid="by_month_district"' in page
    assert 'data-testid="by_month_institution_type"' in page
    assert 'data-testid="by_month_municipality"' not in page
    assert "скривено да се мањи број не би могао израчунати" in page

    xlsx = client.get(reverse("referrals:impact") + URL + "&format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert {"by_month_district", "by_month_system", "by_institution_type"} <= set(
        book.sheetnames
    )
    small = [
        (sheet.title, cell.coordinate)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int) and 0 < cell.value < 3
    ]
    assert small == []
    grid = list(book["by_month_district"].iter_rows(values_only=True))
    assert grid[-1][0] == "total" and grid[-1][-1] == figures["referrals"]


def test_the_centre_sees_the_exact_cross_tabs_in_the_page_and_the_pdf(demo, client):
    from pypdf import PdfReader

    client.force_login(User.objects.get(email="urednica@example.org"))
    url = reverse("referrals:impact") + URL
    figures = client.get(url).context["figures"]

    assert figures["by_month_district"] == recount("district")
    assert figures["by_month_municipality"]["2025-03"]
    response = client.get(url + "&format=pdf")
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "по месецима и управним окрузима" in " ".join(text.split())


def test_a_cell_a_total_would_give_away_is_hidden_too():
    figures = {
        "referrals": 13,
        "referrals_from_trained": 12,
        "referrals_from_others": 1,
        "by_month": {"2025-05": 10, "2025-06": 3},
        "by_district": {"A": 9, "B": 1, "C": 3},
        "by_municipality": {"a1": 5, "a2": 4, "b1": 1, "c1": 3},
        "by_system": {"police": 13},
        "by_institution_type": {"police": 13},
        "by_month_district": {"2025-05": {"A": 9, "B": 1}, "2025-06": {"C": 3}},
        "by_month_system": {"2025-05": {"police": 10}, "2025-06": {"police": 3}},
        "by_month_institution_type": {},
        "by_month_municipality": {"2025-05": {"a1": 5}},
        "by_institution": {"ЦСР Ниш": 4},
        "outcomes": {"helped": 2},
        "identified": _people(),
        "helped": _people(),
        "trainings": [
            {"before_3": 3, "before_6": 4, "before_12": 9,
             "after_3": 1, "after_6": 5, "after_12": 6},
        ],
    }  # fmt: skip
    towns = {"a1": "A", "a2": "A", "b1": "B", "c1": "C"}

    shown = protect(figures, towns, threshold=3)

    assert shown["referrals_from_others"] == "< 3"
    assert shown["referrals_from_trained"] == "*"  # 13 - 12 would give it away
    assert shown["by_month_district"]["2025-05"] == {"A": "*", "B": "< 3"}
    assert shown["by_district"]["B"] == "< 3"
    assert [line for line in _lines(shown, towns) if _leaks(*line)] == []
    assert shown["outcomes"] == {"helped": "< 3"}
    assert shown["by_institution"] == {} and shown["by_month_municipality"] == {}
    # 4 - 3 and 6 - 5 are single referrals in a window: those windows are hidden.
    assert shown["trainings"][0] == {
        "before_3": 3, "before_6": "*", "before_12": 9,
        "after_3": "< 3", "after_6": 5, "after_12": "*",
    }  # fmt: skip
    assert figures["by_district"]["B"] == 1  # the exact figures are left alone
    # Without the second pass, the same figures would leak.
    assert [line for line in _lines(_primary_only(figures), towns) if _leaks(*line)]


def _primary_only(figures: dict) -> dict:
    if isinstance(figures, dict):
        return {k: _primary_only(v) for k, v in figures.items()}
    if isinstance(figures, list):
        return [_primary_only(v) for v in figures]
    return "< 3" if isinstance(figures, int) and 0 < figures < 3 else figures


def _people():
    return {
        "total": 0,
        "children": 0,
        "adults": 0,
        "women": 0,
        "men": 0,
        "by_age_and_gender": {},
    }


@pytest.mark.parametrize(
    ("name", "system", "expected"),
    [
        ("ЦСР Ниш", "social_protection", "social_work_centre"),
        ("Centar za socijalni rad Kraljevo", "", "social_work_centre"),
        ("Геронтолошки центар Београд", "social_protection", "social_care"),
        ("Дом здравља Ужице", "health", "health"),
        ("Универзитетски клинички центар Ниш", "education", "health"),
        ("ОШ „Вук Караџић“", "education", "school"),
        ("Дом ученика средњих школа Крагујевац", "education", "school"),
        ("Школска управа Чачак", "education", "state_body"),
        ("ВЈТ Ниш", "judiciary", "judiciary"),
        ("Прекршајни суд Шабац", "judiciary", "judiciary"),
        ("Policijska uprava Kraljevo", "", "police"),
        ("ГУ Прокупље", "local_government", "local_government"),
        ("Комесаријат за избеглице и миграције Републике Србије", "kirs", "state_body"),
        ("Црвени крст Ниш", "red_cross", "ngo"),
        ("АСТРА", "ngo", "ngo"),
        ("", "police", "police"),
        ("Нешто сасвим ново", "", "other"),
    ],
)
def test_institution_types_are_derived_from_name_then_system(name, system, expected):
    assert institution_type(name, system) == expected


def test_a_sent_referral_keeps_the_type_of_the_referrers_institution(sent):
    assert sent.institution_name == "ЦСР Ниш"
    assert sent.institution_type == "social_work_centre"
