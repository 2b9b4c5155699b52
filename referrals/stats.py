"""Impact figures: counts of referrals, never individual referrals.

``impact_figures`` gives exact counts (the Centre's own roles and the
``impact_stats`` command); ``suppress`` turns counts below
``REFERRALS_SMALL_COUNT`` into "< 3" for everyone outside the Centre.
Nothing here reads encrypted content.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from referrals.models import IdentifiedPerson, PersonOutcome, Referral

WINDOWS = (3, 6, 12)
# Rough map positions (row, column) of the 25 districts by their seat.
GRID = {
    "Сомбор": (0, 1), "Суботица": (0, 2), "Кикинда": (0, 3),
    "Нови Сад": (1, 2), "Зрењанин": (1, 3),
    "Сремска Митровица": (2, 1), "Београд": (2, 2), "Панчево": (2, 3),
    "Шабац": (3, 0), "Ваљево": (3, 1), "Смедерево": (3, 2), "Пожаревац": (3, 3),
    "Бор": (3, 4),
    "Ужице": (4, 0), "Чачак": (4, 1), "Крагујевац": (4, 2), "Јагодина": (4, 3),
    "Зајечар": (4, 4),
    "Краљево": (5, 1), "Крушевац": (5, 2), "Ниш": (5, 3), "Пирот": (5, 4),
    "Прокупље": (6, 2), "Лесковац": (6, 3),
    "Врање": (7, 3),
}  # fmt: skip


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _sent_between(start: date, end: date):
    low, high = _bounds(start, end)
    return Referral.objects.sent().filter(sent_at__gte=low, sent_at__lt=high)


def _months(value: date, months: int) -> date:
    month = value.month - 1 + months
    year = value.year + month // 12
    return date(year, month % 12 + 1, min(value.day, 28))


def _rows(queryset) -> list[dict]:
    return list(
        queryset.values(
            "sent_at",
            "referrer_trained",
            "outcome",
            "institution_name",
            "municipality__name",
            "municipality__district__name",
            "system__key",
            "institution_type",
        )
    )


def _people(queryset, kind: str) -> dict[str, int]:
    people = IdentifiedPerson.objects.filter(
        referral__in=queryset, kind=kind
    ).values_list("age_group", "gender")
    ages = Counter(a for a, _g in people)
    genders = Counter(g for _a, g in people)
    return {
        "total": len(people),
        "children": ages["child"],
        "adults": ages["adult"],
        "women": genders["female"],
        "men": genders["male"],
        "by_age_and_gender": dict(Counter(f"{a}_{g}" for a, g in people)),
    }


def _count(rows, key) -> dict[str, int]:
    return dict(sorted(Counter(r[key] or "—" for r in rows).items()))


def _by_month(rows, key) -> dict[str, dict[str, int]]:
    """{month: {value: count}} for the months that had referrals."""
    table = defaultdict(Counter)
    for row in rows:
        table[row["month"]][row[key] or "—"] += 1
    return {month: dict(sorted(table[month].items())) for month in sorted(table)}


def impact_figures(*, start: date, end: date) -> dict:
    """Exact counts of referrals sent from ``start`` to ``end`` (inclusive)."""
    queryset = _sent_between(start, end)
    rows = _rows(queryset)
    for row in rows:
        row["month"] = timezone.localtime(row["sent_at"]).strftime("%Y-%m")
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "referrals": len(rows),
        "referrals_from_trained": sum(r["referrer_trained"] for r in rows),
        "referrals_from_others": sum(not r["referrer_trained"] for r in rows),
        "by_month": _count(rows, "month"),
        "by_district": _count(rows, "municipality__district__name"),
        "by_municipality": _count(rows, "municipality__name"),
        "by_system": _count(rows, "system__key"),
        "by_institution_type": _count(rows, "institution_type"),
        "by_institution": _count(rows, "institution_name"),
        "by_month_district": _by_month(rows, "municipality__district__name"),
        "by_month_municipality": _by_month(rows, "municipality__name"),
        "by_month_system": _by_month(rows, "system__key"),
        "by_month_institution_type": _by_month(rows, "institution_type"),
        "outcomes": _count([r for r in rows if r["outcome"]], "outcome"),
        "identified": _people(queryset, PersonOutcome.IDENTIFIED),
        "helped": _people(queryset, PersonOutcome.HELPED),
    }


def district_changes(*, start: date, end: date) -> list[dict]:
    """Per district: referrals in the period and in the same length just before."""
    length = (end - start).days + 1
    before_start = start - timedelta(days=length)
    now_rows = Counter(
        r["municipality__district__name"] for r in _rows(_sent_between(start, end))
    )
    before_rows = Counter(
        r["municipality__district__name"]
        for r in _rows(_sent_between(before_start, start - timedelta(days=1)))
    )
    from lms.models import District

    result = []
    for district in District.objects.order_by("sort_order", "name"):
        now, before = now_rows[district.name], before_rows[district.name]
        row, column = GRID.get(district.seat, (8, len(result) % 5))
        result.append(
            {
                "name": district.name,
                "seat": district.seat,
                "now": now,
                "before": before,
                "change": now - before,
                "trend": "up" if now > before else "down" if now < before else "same",
                "x": column * 64 + 2,
                "y": row * 44 + 2,
            }
        )
    return result


def training_windows() -> list[dict]:
    """For each held training: referrals from its district 3/6/12 months around it."""
    from events.models import TrainingPage, TrainingStatus

    by_district = defaultdict(list)
    for sent_at, district_id in Referral.objects.sent().values_list(
        "sent_at", "municipality__district_id"
    ):
        by_district[district_id].append(timezone.localdate(sent_at))
    result = []
    trainings = (
        TrainingPage.objects.filter(status=TrainingStatus.HELD)
        .select_related("municipality__district")
        .order_by("start")
    )
    for training in trainings:
        district = training.municipality.district if training.municipality else None
        day = timezone.localdate(training.start)
        dates = by_district.get(district.pk if district else None, [])
        row = {
            "training": training.title,
            "date": day.isoformat(),
            "district": district.name if district else "",
        }
        for months in WINDOWS:
            since, until = _months(day, -months), _months(day, months)
            row[f"before_{months}"] = sum(since <= d < day for d in dates)
            row[f"after_{months}"] = sum(day <= d < until for d in dates)
        result.append(row)
    return result


def towns_newly_referring(*, years: int = 3) -> list[dict]:
    """Municipalities that sent a referral within a year after their district's
    training and none in the ``years`` before it."""
    windows = training_windows_by_district()
    dates = defaultdict(list)
    for sent_at, name, district in Referral.objects.sent().values_list(
        "sent_at", "municipality__name", "municipality__district__name"
    ):
        dates[(name, district)].append(timezone.localdate(sent_at))
    result = []
    for (name, district), days in sorted(dates.items(), key=lambda i: str(i[0])):
        day = windows.get(district)
        if day is None:
            continue
        before = [d for d in days if _months(day, -12 * years) <= d < day]
        after = [d for d in days if day <= d < _months(day, 12)]
        if after and not before:
            result.append(
                {
                    "municipality": name,
                    "district": district,
                    "training": day.isoformat(),
                    "after": len(after),
                }
            )
    return result


def training_windows_by_district() -> dict[str, date]:
    from events.models import TrainingPage, TrainingStatus

    result = {}
    for training in (
        TrainingPage.objects.filter(status=TrainingStatus.HELD)
        .select_related("municipality__district")
        .order_by("start")
    ):
        if training.municipality:
            result.setdefault(
                training.municipality.district.name, timezone.localdate(training.start)
            )
    return result


def municipality_districts() -> dict[str, str]:
    """Each municipality's district, by name (for suppressing sums of towns)."""
    from lms.models import Municipality

    return dict(Municipality.objects.values_list("name", "district__name"))


def small(value, threshold: int):
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold:
        return f"< {threshold}"
    return value


def suppress(figures, threshold: int | None = None):
    """The same figures with every count from 1 to threshold-1 shown as "< N"."""
    threshold = threshold or settings.REFERRALS_SMALL_COUNT
    if isinstance(figures, dict):
        return {
            k: v if k in ("x", "y") else suppress(v, threshold)
            for k, v in figures.items()
        }
    if isinstance(figures, list):
        return [suppress(v, threshold) for v in figures]
    return small(figures, threshold)
