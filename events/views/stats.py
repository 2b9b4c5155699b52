"""Series statistics for staff: the dashboard, and the same as PDF and XLSX."""

import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from events.stats.exports import series_charts, series_xlsx
from events.stats.series import series_stats
from lms.permissions import permission_required


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("period start", "From"),
        # A date input only accepts ISO dates as its value.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=pgettext_lazy("period end", "To"),
        # A date input only accepts ISO dates as its value.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end must not be before the start."))
        return data


def _period(request) -> tuple[PeriodForm, datetime.date, datetime.date]:
    """The chosen period; by default the last full year of trainings."""
    year = timezone.localdate().year - 1
    default = {"start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31)}
    chosen = request.GET if {"start", "end"} & set(request.GET) else None
    form = PeriodForm(chosen, initial=default)
    if chosen and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


@permission_required("lms.view_all_data")
@require_GET
def series_dashboard(request):
    form, start, end = _period(request)
    stats = series_stats(start=start, end=end)
    return render(
        request,
        "events/series_stats.html",
        {
            "form": form,
            "stats": stats,
            "charts": series_charts(stats, stacked=True),
            "query": request.GET.urlencode(),
        },
    )


@permission_required("lms.view_all_data")
@require_GET
def series_download(request, fmt: str):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    _form, start, end = _period(request)
    stats = series_stats(start=start, end=end)
    name = f"statistika-{start.isoformat()}-{end.isoformat()}.{fmt}"
    if fmt == "xlsx":
        content = series_xlsx(stats)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        content = series_pdf(stats)
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def series_pdf(stats) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "events/series_report.html",
        {"stats": stats, "charts": series_charts(stats), "now": timezone.localtime()},
    )
    return HTML(string=html).write_pdf()
