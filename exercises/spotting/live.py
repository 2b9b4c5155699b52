"""What a live spotting run sends: playback state, a phone's own marks, the timeline.

Phones get the playback state and their own marks only, never another
phone's. The projector gets the count of marks while the video plays and,
once the trainer reveals them (or the run is closed), a timeline: one density
strip per indicator of the group's marks beside the expert's marks (SVG,
rendered once per refresh and throttled by the hub, whatever the number of
phones).
"""

from __future__ import annotations

import math
from collections import defaultdict

from django.template.loader import render_to_string
from django.utils import timezone

from exercises.models import ExerciseRun, SpottingMark, SpottingPlayback
from exercises.spotting import grading
from lms import realtime

EVERYONE = ("participant", "control", "screen")
TRAINERS = ("control", "screen")
BINS = 60  # columns of a density strip


def group(run_id: int) -> str:
    return f"spotting.{run_id}"


def spotting_child(run: ExerciseRun):
    """The run's block (a ``StreamChild``) or None when it is not a spotting block."""
    from django.http import Http404

    from exercises.views.blocks import find_block

    try:
        child = find_block(run.page.specific, run.block_id)
    except Http404:
        return None
    return child if child.block.kind == "spotting" else None


def state_message(run: ExerciseRun, playback: SpottingPlayback | None) -> dict:
    """Where the projector's video is; ``at`` is the server time of ``position``."""
    return {
        "type": "state",
        "run": run.code,
        "started": playback is not None,
        "playing": bool(playback and playback.playing and run.closed_at is None),
        "position": playback.position if playback else 0.0,
        "at": playback.changed_at.timestamp() if playback else None,
        # The server's clock when this was written: a watching screen plays
        # from ``position + (now - at)`` whatever its own clock says.
        "now": timezone.now().timestamp(),
        "revealed": bool(playback and playback.revealed),
        "closed": run.closed_at is not None,
        "seq": playback.seq if playback else 0,
    }


def mine_message(run: ExerciseRun, phone: str) -> dict:
    marks = SpottingMark.objects.filter(run=run, phone=phone).order_by("time", "pk")
    return {
        "type": "mine",
        "marks": [
            {"id": m.pk, "time": m.time, "indicator": m.indicator_id} for m in marks
        ],
    }


def density_rows(value, points: list[tuple[int, float]]) -> list[dict]:
    """Per offered indicator: the group's marks binned along the video, and
    where the expert marked it. ``points`` are (indicator id, time) pairs."""
    duration = float(value["duration"])
    width = 1000 / BINS
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * BINS)
    for indicator_id, moment in points:
        column = min(BINS - 1, int(moment / max(duration, 0.1) * BINS))
        counts[indicator_id][column] += 1
    peak = max((max(row) for row in counts.values()), default=0) or 1
    experts = defaultdict(list)
    for row in grading.expert_marks(value):
        experts[row["indicator"].pk].append(grading.timeline_x(row["time"], duration))
    rows = []
    for indicator in grading.offered_indicators(value):
        row = counts.get(indicator.pk, [0] * BINS)
        cells = [
            {
                "x": round(index * width, 1),
                "width": round(width, 1),
                # A square root keeps one mark visible beside a crowd of them.
                "opacity": round(0.15 + 0.85 * math.sqrt(count / peak), 2),
                "count": count,
            }
            for index, count in enumerate(row)
            if count
        ]
        rows.append(
            {
                "indicator": indicator,
                "cells": cells,
                "total": sum(row),
                "experts": experts.get(indicator.pk, []),
            }
        )
    return rows


def timeline_message(run: ExerciseRun) -> dict:
    child = spotting_child(run)
    playback = SpottingPlayback.objects.filter(run=run).first()
    points = list(
        SpottingMark.objects.filter(run=run).values_list("indicator_id", "time")
    )
    phones = SpottingMark.objects.filter(run=run).values("phone").distinct().count()
    shown = bool(playback and playback.revealed) or run.closed_at is not None
    html = ""
    if shown and child is not None:
        html = render_to_string(
            "exercises/spotting/_density.html",
            {
                "rows": density_rows(child.value, points),
                "value": child.value,
                "count": len(points),
            },
        )
    return {
        "type": "timeline",
        "count": len(points),
        "phones": phones,
        "revealed": shown,
        "html": html,
    }


def _run(run_id: int) -> ExerciseRun | None:
    return ExerciseRun.objects.select_related("page").filter(pk=run_id).first()


def timeline_outgoing(run_id: int) -> realtime.Outgoing | None:
    run = _run(run_id)
    if run is None:
        return None
    outgoing = realtime.Outgoing()
    outgoing.add(TRAINERS, timeline_message(run))
    return outgoing


def state_outgoing(run_id: int, *, with_timeline: bool = False):
    run = _run(run_id)
    if run is None or spotting_child(run) is None:
        return None
    playback = SpottingPlayback.objects.filter(run=run).first()
    outgoing = realtime.Outgoing(seq=playback.seq if playback else None)
    outgoing.add(EVERYONE, state_message(run, playback))
    if with_timeline:
        outgoing.add(TRAINERS, timeline_message(run))
    return outgoing


def publish_state(run: ExerciseRun) -> None:
    """After the current transaction: every screen and phone hears the state."""
    realtime.publish_after_commit(
        group(run.pk), lambda: state_outgoing(run.pk, with_timeline=True)
    )
