"""A live video spotting run: the projector (trainer) and the phones."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from exercises import selectors
from exercises.models import ExerciseRun
from exercises.spotting import grading, live
from exercises.views.blocks import _join_qr
from lms.permissions import staff_required
from lms.spreadsheets import row_safe


def _run_and_value(code: str):
    run = get_object_or_404(ExerciseRun.objects.select_related("page"), code=code)
    child = live.spotting_child(run)
    if child is None:
        raise Http404
    return run, child


@staff_required
def spotting_screen(request, code: str):
    """The projector: the video for the room, the join code, then the timeline."""
    run, child = _run_and_value(code)
    if not selectors.run_viewable_by(request.user, run):
        raise PermissionDenied
    context = {
        "run": run,
        "page": run.page.specific,
        "value": child.value,
        "block_id": run.block_id,
        "indicators": grading.offered_indicators(child.value),
        "can_control": selectors.run_controlled_by(request.user, run),
        "join_qr": _join_qr(request, run) if not run.closed_at else "",
    }
    return render(request, "exercises/spotting/screen.html", context)


def spotting_phone(request, code: str):
    """A participant's phone in the room: no video here, the projector plays it."""
    run = selectors.run_open_by_code(code)
    child = live.spotting_child(run) if run is not None else None
    if child is None:
        return render(
            request, "exercises/run_join.html", {"code": code[:12]}, status=404
        )
    context = {
        "run": run,
        "value": child.value,
        "indicators": grading.offered_indicators(child.value),
    }
    return render(request, "exercises/spotting/phone.html", context)


@staff_required
def spotting_export(request, code: str):
    """The run's marks as CSV (Excel's Serbian ';'): phones numbered, no keys."""
    run, child = _run_and_value(code)
    if not selectors.run_viewable_by(request.user, run):
        raise PermissionDenied
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [str(_("Phone")), str(_("Time (s)")), str(_("Code")), str(_("Indicator"))]
    )
    phones: dict[str, int] = {}
    marks = run.spotting_marks.select_related("indicator").order_by("time", "pk")
    for mark in marks:
        number = phones.setdefault(mark.phone, len(phones) + 1)
        row = [number, f"{mark.time:.1f}", mark.indicator.code, mark.indicator.text]
        writer.writerow(row_safe(row))
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="oznake-{run.code}.csv"'
    return response
