"""Answers to exercise blocks, their aggregated results and live runs."""

import segno
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.fields import StreamField
from wagtail.models import Page

from exercises import selectors, services
from exercises.models import ExerciseResponse, ExerciseRun
from lms.links import site_url
from lms.permissions import staff_required


def find_block(page: Page, block_id: str):
    """The block with ``block_id`` in any StreamField of ``page``."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for child in getattr(page, field.name):
                if child.id == block_id and hasattr(child.block, "grade"):
                    return child
    raise Http404


def _page_and_block(page_id: int, block_id: str):
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    return page, find_block(page, block_id)


@require_POST
def block_answer(request, page_id: int, block_id: str):
    page, child = _page_and_block(page_id, block_id)
    feedback, result = child.block.grade(child.value, request.POST)
    run = ExerciseRun.objects.filter(
        code=request.POST.get("run", "")[:12], page=page, block_id=block_id
    ).first()
    services.exercise_response_record(
        page=page,
        block_id=block_id,
        kind=child.block.kind,
        user=request.user,
        result=result,
        run=run,
    )
    context = {
        "page": page,
        "child": child,
        "value": child.value,
        "block_id": block_id,
        "feedback": feedback,
        "run_code": run.code if run else "",
        "answered": True,
    }
    template = f"exercises/blocks/{child.block.kind}_feedback.html"
    return render(
        request, "exercises/block_answer.html", {**context, "template": template}
    )


@staff_required
def block_results(request, page_id: int, block_id: str):
    """Aggregated answers to one exercise (optionally one live run), no names."""
    page, child = _page_and_block(page_id, block_id)
    responses = ExerciseResponse.objects.filter(page=page, block_id=block_id)
    run = None
    if code := request.GET.get("run"):
        run = get_object_or_404(ExerciseRun, code=code, page=page, block_id=block_id)
        responses = responses.filter(run=run)
    results = list(responses.values_list("result", flat=True))
    rows = child.block.summarise(child.value, results)
    context = {
        "page": page,
        "child": child,
        "rows": rows,
        "count": len(results),
        "run": run,
        "can_close_run": bool(run) and selectors.run_controlled_by(request.user, run),
        "join_qr": _join_qr(request, run) if run and not run.closed_at else "",
        "template": f"exercises/blocks/{child.block.kind}_results.html",
    }
    return render(request, "exercises/block_results.html", context)


@staff_required
@require_POST
def run_open(request, page_id: int, block_id: str):
    page, _child = _page_and_block(page_id, block_id)
    run = services.exercise_run_open(page=page, block_id=block_id, user=request.user)
    return redirect(_run_home(run, _child))


@staff_required
@require_POST
def run_close(request, code: str):
    run = get_object_or_404(ExerciseRun, code=code)
    if not selectors.run_controlled_by(request.user, run):
        raise PermissionDenied
    run = services.exercise_run_close(run=run)
    return redirect(_run_home(run, find_block(run.page.specific, run.block_id)))


def _run_home(run: ExerciseRun, child) -> str:
    """Where the trainer follows a run: the projector of a video, or the results."""
    if child.block.kind == "spotting":
        return reverse("exercises:spotting_screen", args=[run.code])
    url = reverse("exercises:block_results", args=[run.page_id, run.block_id])
    return f"{url}?run={run.code}"


def run_join(request):
    """Participants type the code the trainer shows and land on the exercise."""
    code = request.GET.get("code", "")
    run = selectors.run_open_by_code(code)
    if run is not None:
        page = run.page.specific
        if find_block(page, run.block_id).block.kind == "spotting":
            return redirect("exercises:spotting_phone", run.code)
        return redirect(f"{page.url}?run={run.code}#block-{run.block_id}")
    return render(request, "exercises/run_join.html", {"code": code[:12]})


def _join_qr(request, run: ExerciseRun) -> str:
    url = site_url(reverse("exercises:run_join"))
    code = segno.make(f"{url}?code={run.code}", error="m")
    return code.svg_inline(scale=6, title=run.code, dark="#111")


@staff_required
def case_statistics(request):
    context = {
        "missed": selectors.missed_indicators(),
        "cases": selectors.case_statistics(),
    }
    return render(request, "exercises/case_statistics.html", context)
