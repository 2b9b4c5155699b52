"""Pages of activity runs: start, phone, control, projector, export."""

import csv
import io

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from activities import exports
from activities.forms import RunForm
from activities.models import ActivityRun, RunState
from activities.services import can_control, run_create
from lms.permissions import permission_required


def _join_url(request, run: ActivityRun) -> str:
    return request.build_absolute_uri(reverse("activities:play", args=[run.code]))


def _controlled(request, code: str) -> ActivityRun:
    run = get_object_or_404(
        ActivityRun.objects.select_related("content"), code=code.upper()
    )
    if not can_control(request.user, run):
        raise PermissionDenied
    return run


@permission_required("lms.run_trainings")
def run_list(request):
    """The trainer's runs, and a form to start a new one."""
    initial = {}
    if "training" in request.GET:
        initial["training"] = request.GET["training"]
    form = RunForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        run = run_create(user=request.user, **form.cleaned_data)
        return redirect("activities:control", code=run.code)
    runs = (
        ActivityRun.objects.controlled_by(request.user)
        .select_related("content", "training")
        .order_by("-created_at")[:50]
    )
    return render(request, "activities/list.html", {"form": form, "runs": runs})


def run_play(request, code: str):
    """The phone's page; everything else happens over the websocket."""
    run = ActivityRun.objects.filter(code=code.upper()).first()
    if run is None or run.state == RunState.CLOSED:
        return redirect(f"{reverse('quizzes:live_join')}?kod={code}")
    return render(request, "activities/play.html", {"run": run})


def run_qr(request, code: str):
    import segno

    run = get_object_or_404(ActivityRun, code=code.upper())
    buffer = io.BytesIO()
    segno.make(_join_url(request, run), error="m").save(
        buffer, kind="svg", scale=8, dark="#111", border=2, xmldecl=False
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@permission_required("lms.run_trainings")
def run_control(request, code: str):
    run = _controlled(request, code)
    return render(
        request,
        "activities/control.html",
        {
            "run": run,
            "join_url": _join_url(request, run),
            "screen_url": request.build_absolute_uri(
                reverse("activities:screen", args=[run.code])
                + f"?kljuc={run.screen_key}"
            ),
        },
    )


def run_screen(request, code: str):
    """The projector: for the run's trainers, or anyone with its screen key."""
    run = get_object_or_404(
        ActivityRun.objects.select_related("content"), code=code.upper()
    )
    key = request.GET.get("kljuc", "")
    if not (key and constant_time_compare(key, run.screen_key)):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_control(request.user, run):
            raise PermissionDenied
        key = ""
    response = render(
        request,
        "activities/screen.html",
        {"run": run, "join_url": _join_url(request, run), "key": key},
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


@permission_required("lms.run_trainings")
def run_export(request, code: str):
    """CSV of what makes sense to keep: anonymous words with counts, the
    telephone chain's texts, the collage's images and words."""
    run = _controlled(request, code)
    header, rows = exports.rows(run)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 with the byte-order mark
    writer = csv.writer(buffer)
    writer.writerow([str(column) for column in header])
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="aktivnost-{run.kind}-{run.code}.csv"'
    )
    return response
