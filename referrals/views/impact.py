"""Impact figures for staff and the Chamber: counts only, small ones suppressed
for anyone outside the Centre."""

import datetime
from io import BytesIO

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals import access, disclosure, stats
from referrals.forms import PeriodForm

DEFAULT_START = datetime.date(2025, 3, 27)


def _period(request) -> tuple[PeriodForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"start": DEFAULT_START, "end": today})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, DEFAULT_START, today


def _figures(user, start, end) -> dict:
    figures = {
        **stats.impact_figures(start=start, end=end),
        "districts": stats.district_changes(start=start, end=end),
        "trainings": stats.training_windows(),
        "new_towns": stats.towns_newly_referring(),
    }
    if access.can_see_exact_figures(user):
        return figures
    return disclosure.protect(figures, stats.municipality_districts())


def impact(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_see_figures(request.user):
        raise PermissionDenied
    form, start, end = _period(request)
    figures = _figures(request.user, start, end)
    if request.GET.get("format") == "xlsx":
        return _xlsx(figures)
    labels = _labels()
    context = {
        "form": form,
        "figures": figures,
        "exact": access.can_see_exact_figures(request.user),
        "identified_rows": _identified_rows(figures["identified"]),
        "helped_rows": _identified_rows(figures["helped"]),
        "people_by_age_and_gender": _age_gender_table(figures),
        "cross_tabs": _cross_tabs(figures, labels),
        "month_bars": _bars(figures["by_month"]),
        "month_chart_height": 22 * len(figures["by_month"]) + 4,
        "type_bars": _bars(
            _named(figures["by_institution_type"], labels["institution_type"])
        ),
        "system_bars": _bars(_named(figures["by_system"], labels["system"])),
    }
    if request.GET.get("format") == "pdf":
        return _pdf(request, context)
    return render(request, "referrals/impact.html", context)


def _pdf(request, context: dict) -> HttpResponse:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("referrals/impact_pdf.html", context, request=request)
    response = HttpResponse(
        HTML(string=html).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="prijave-ucinak.pdf"'
    return response


LEGEND = _(
    '"< 3": fewer than 3. "*": hidden so that a smaller count cannot be worked '
    "out by subtraction."
)
IDENTIFIED_LABELS = {
    "total": _("Total"),
    "children": _("Children"),
    "adults": _("Adults"),
    "women": _("Women"),
    "men": _("Men"),
}


def _identified_rows(identified: dict) -> list[tuple[str, str, object]]:
    return [(k, label, identified[k]) for k, label in IDENTIFIED_LABELS.items()]


AGE_GENDER = (
    ("child_female", _("Girls")),
    ("child_male", _("Boys")),
    ("adult_female", _("Women")),
    ("adult_male", _("Men")),
    ("child_other", _("Children, other or not known")),
    ("adult_other", _("Adults, other or not known")),
)


def _age_gender_table(figures: dict) -> list[tuple[str, object, object]]:
    """Identified and helped people by age group and gender, one row each."""
    identified = figures["identified"]["by_age_and_gender"]
    helped = figures["helped"]["by_age_and_gender"]
    return [
        (label, identified.get(key, 0), helped.get(key, 0))
        for key, label in AGE_GENDER
        if key in identified or key in helped or not key.endswith("_other")
    ]


def _labels() -> dict[str, dict[str, str]]:
    from lms.institution_types import InstitutionType
    from lms.models import System

    return {
        "system": dict(System.objects.values_list("key", "name")),
        "institution_type": {k: str(v) for k, v in InstitutionType.choices},
    }


CROSS_TABS = (
    ("by_month_district", "by_district", None, _("Referrals by month and district")),
    ("by_month_system", "by_system", "system", _("Referrals by month and system")),
    (
        "by_month_institution_type",
        "by_institution_type",
        "institution_type",
        _("Referrals by month and institution type"),
    ),
    (
        "by_month_municipality",
        "by_municipality",
        None,
        _("Referrals by month and municipality"),
    ),
)


def _cross_tabs(figures: dict, labels: dict) -> list[dict]:
    """Month × category tables with their totals, as rows ready to print."""
    tables = []
    for key, margin, label_key, title in CROSS_TABS:
        if not figures[key]:
            continue  # withheld from outsiders, or nothing in the period
        names = labels.get(label_key, {})
        if key == "by_month_district":  # "Нишавски управни округ" → "Нишавски"
            names = {c: c.replace(" управни округ", "") for c in figures[margin]}
        columns = list(figures[margin])
        rows = [
            (month, [row.get(c, 0) for c in columns], figures["by_month"][month])
            for month, row in figures[key].items()
        ]
        tables.append(
            {
                "key": key,
                "title": title,
                "columns": [names.get(c, c) for c in columns],
                "rows": rows,
                "totals": [figures[margin][c] for c in columns],
                "total": figures["referrals"],
            }
        )
    return tables


def _named(counts: dict, names: dict) -> dict:
    return {names.get(key, key): value for key, value in counts.items()}


def _bars(counts: dict) -> list[dict]:
    """Horizontal bars for an SVG chart; hidden counts get no bar, only a label."""
    numbers = [v for v in counts.values() if isinstance(v, int)]
    top = max(numbers, default=0) or 1
    return [
        {
            "label": label,
            "value": value,
            "width": round(200 * value / top) if isinstance(value, int) else 0,
            "y": index * 22,
        }
        for index, (label, value) in enumerate(counts.items())
    ]


def _xlsx(figures: dict) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Укупно"
    for key in (
        "from",
        "to",
        "referrals",
        "referrals_from_trained",
        "referrals_from_others",
    ):
        sheet.append([key, figures[key]])
    for who in ("identified", "helped"):
        for key in ("total", "children", "adults", "women", "men"):
            sheet.append([f"{who}_{key}", figures[who][key]])
        for key, count in figures[who]["by_age_and_gender"].items():
            sheet.append([f"{who}_{key}", count])
    sheet.append([])
    sheet.append([str(LEGEND)])
    for name in (
        "by_month",
        "by_district",
        "by_municipality",
        "by_system",
        "by_institution_type",
        "outcomes",
    ):
        part = book.create_sheet(name[:31])
        for label, count in figures[name].items():
            part.append([label, count])
    for key, margin, _label, _title in CROSS_TABS:
        if not figures[key]:
            continue
        part = book.create_sheet(key[:31])
        columns = list(figures[margin])
        part.append(["month", *columns, "total"])
        for month, row in figures[key].items():
            part.append(
                [month, *(row.get(c, 0) for c in columns), figures["by_month"][month]]
            )
        part.append(
            ["total", *(figures[margin][c] for c in columns), figures["referrals"]]
        )
    part = book.create_sheet("trainings")
    columns = ["training", "date", "district"] + [
        f"{side}_{m}" for m in stats.WINDOWS for side in ("before", "after")
    ]
    part.append(columns)
    for row in figures["trainings"]:
        part.append([row[c] for c in columns])
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="prijave-ucinak.xlsx"'
    return response
