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

from referrals import access, stats
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
    for row in figures["districts"]:
        row.pop("change")  # the difference would undo the suppression
    figures["by_institution"] = {}  # an institution's count points at people
    return stats.suppress(figures)


def impact(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_see_figures(request.user):
        raise PermissionDenied
    form, start, end = _period(request)
    figures = _figures(request.user, start, end)
    if request.GET.get("format") == "xlsx":
        return _xlsx(figures)
    context = {
        "form": form,
        "figures": figures,
        "exact": access.can_see_exact_figures(request.user),
        "identified_rows": _identified_rows(figures["identified"]),
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


IDENTIFIED_LABELS = {
    "total": _("Total"),
    "children": _("Children"),
    "adults": _("Adults"),
    "women": _("Women"),
    "men": _("Men"),
}


def _identified_rows(identified: dict) -> list[tuple[str, str, object]]:
    return [(k, label, identified[k]) for k, label in IDENTIFIED_LABELS.items()]


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
    for key in ("total", "children", "adults", "women", "men"):
        sheet.append([f"identified_{key}", figures["identified"][key]])
    for name in ("by_month", "by_district", "by_municipality", "by_system", "outcomes"):
        part = book.create_sheet(name[:31])
        for label, count in figures[name].items():
            part.append([label, count])
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
