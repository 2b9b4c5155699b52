"""The series figures on the home page: computed from the data, never typed.

The home page shows what the statistics page computes for the same period
(the last full year). Where the published report of that series states
another figure, it is shown beside the computed one, with a line saying why
they differ: the report's figures were tallied by hand (its average rating
4.79 does not follow from its own per-training ratings, whose mean is 4.85).
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.stats.series import SeriesStats, series_stats

DATA = Path(__file__).parent / "data"


@dataclass
class Figure:
    key: str
    label: str
    computed: str
    published: str | None  # only when the published report says otherwise


def _published_totals(year: int) -> dict:
    path = DATA / f"series-{year}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("totals", {})


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, (Decimal, float)):
        return formats.number_format(Decimal(str(value)), 2, use_l10n=True)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _figures(stats: SeriesStats, published: dict) -> list[Figure]:
    computed = {
        "trainings": (_("trainings"), len(stats.trainings)),
        "participants": (_("professionals trained"), stats.participants),
        "institutions": (_("institutions"), stats.institutions),
        "municipalities": (_("cities and municipalities"), stats.municipalities),
        "average_rating": (_("average rating (of 5)"), stats.average_rating),
        "licence_point_recipients": (
            _("received licence-renewal points"),
            stats.licence_point_recipients,
        ),
    }
    figures = []
    for key, (label, value) in computed.items():
        stated = published.get(key)
        differs = (
            stated is not None
            and value is not None
            and (Decimal(str(stated)) != Decimal(str(value)))
        )
        figures.append(
            Figure(key, label, _number(value), _number(stated) if differs else None)
        )
    return figures


def home_figures(request=None, *, year: int | None = None) -> dict | None:
    """The home page's figures of the last full year's series (None: no series)."""
    year = year or timezone.localdate().year - 1
    stats = series_stats(
        start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
    )
    if not stats.trainings:
        return None
    figures = _figures(stats, _published_totals(year))
    return {
        "template": "events/home_figures.html",
        "year": year,
        "figures": figures,
        "differs": any(f.published for f in figures),
    }
