"""Live exercise runs on the projector, through the realtime hub (``lms.realtime``).

The trainer's results page subscribes to the run's group; every answer given in
the run pushes the new aggregated results (rendered once, without names) to
every screen that shows them, on whichever process it is connected.
"""

from django.template.loader import render_to_string
from django.urls import reverse

from exercises.models import ExerciseResponse, ExerciseRun
from lms import realtime


def run_group(run_id: int) -> str:
    return f"exercise-run.{run_id}"


def results_message(run: ExerciseRun) -> dict:
    """The run's aggregated results as an HTML fragment and a count."""
    from exercises.views.blocks import find_block

    page = run.page.specific
    child = find_block(page, run.block_id)
    results = list(
        ExerciseResponse.objects.filter(run=run).values_list("result", flat=True)
    )
    html = render_to_string(
        "exercises/_run_results.html",
        {
            "page": page,
            "child": child,
            "rows": child.block.summarise(child.value, results),
            "count": len(results),
            "template": f"exercises/blocks/{child.block.kind}_results.html",
        },
    )
    return {
        "type": "results",
        "run": run.code,
        "count": len(results),
        "closed": run.closed_at is not None,
        "html": html,
    }


def results_outgoing(run_id: int) -> realtime.Outgoing | None:
    run = ExerciseRun.objects.select_related("page").filter(pk=run_id).first()
    if run is None:
        return None
    outgoing = realtime.Outgoing()
    outgoing.add(("screen",), results_message(run))
    return outgoing


def publish_results(run: ExerciseRun) -> None:
    """After the current transaction: the run's screens show the new results."""
    realtime.publish_after_commit(run_group(run.pk), lambda: results_outgoing(run.pk))


def join_url(code: str) -> str | None:
    """For the room's join page: a live exercise run open with this code."""
    from exercises.selectors import run_open_by_code

    if run_open_by_code(code) is not None:
        return f"{reverse('exercises:run_join')}?code={code.lower()}"
    return None
