"""The training calendar: list with filters, and a month grid."""

import calendar as pycalendar
import datetime

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone

from events.forms import CalendarFilterForm
from events.selectors import (
    CalendarFilters,
    districts_overview,
    training_calendar,
    trainings_in_month,
    trainings_live,
)
from lms.collation import serbian_sorted


def _filters(request) -> tuple[CalendarFilterForm, CalendarFilters]:
    form = CalendarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = CalendarFilters(
        district=getattr(data.get("district"), "pk", None),
        municipality=getattr(data.get("municipality"), "pk", None),
        system=getattr(data.get("system"), "pk", None),
        month=data.get("month"),
        query=data.get("q", ""),
        past=bool(data.get("past")),
    )
    return form, filters


PAGE_SIZE = 20


def _filter_selects(form: CalendarFilterForm) -> list[tuple]:
    """(name, label, [(value, text, selected)]) for the filter's select lists."""
    selects = []
    for name in ("district", "municipality", "system"):
        field = form.fields[name]
        chosen = str(form.data.get(name, ""))
        options = [(o.pk, str(o), str(o.pk) == chosen) for o in field.queryset]
        if name == "municipality":
            # Serbian alphabetical order, not code points (Ј, Љ, Ћ before А).
            options = serbian_sorted(options, key=lambda option: option[1])
        selects.append((name, field.label, options))
    return selects


def calendar_list(request, page):
    form, filters = _filters(request)
    trainings = Paginator(training_calendar(filters), PAGE_SIZE).get_page(
        request.GET.get("strana")
    )
    query = request.GET.copy()
    query.pop("strana", None)
    return TemplateResponse(
        request,
        "events/training_index_page.html",
        {
            "page": page,
            "self": page,
            "form": form,
            "filters": filters,
            "trainings": trainings,
            "query": query.urlencode(),
            "filter_selects": _filter_selects(form),
        },
    )


def _month(request) -> datetime.date:
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def calendar_month(request, page):
    month = _month(request)
    trainings = list(trainings_in_month(trainings_live(), month))
    by_day: dict[datetime.date, list] = {}
    for training in trainings:
        day = timezone.localtime(training.start).date()
        last = timezone.localtime(training.end).date()
        while day <= last:
            by_day.setdefault(day, []).append(training)
            day += datetime.timedelta(days=1)
    weeks = [
        [(day, day.month == month.month, by_day.get(day, [])) for day in week]
        for week in pycalendar.Calendar().monthdatescalendar(month.year, month.month)
    ]
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return TemplateResponse(
        request,
        "events/training_month.html",
        {
            "page": page,
            "self": page,
            "month": month,
            "weeks": weeks,
            "trainings": trainings,
            "previous": previous,
            "following": following,
            "weekdays": [datetime.date(2024, 1, d) for d in range(1, 8)],
        },
    )


def calendar_districts(request, page):
    districts = list(districts_overview())
    return TemplateResponse(
        request,
        "events/districts.html",
        {
            "page": page,
            "self": page,
            "districts": districts,
            "with_trainings": sum(1 for d in districts if d.held or d.upcoming),
        },
    )
