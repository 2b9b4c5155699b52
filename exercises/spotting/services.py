"""State changes of a live spotting run: the projector's playback, phones' marks.

The time of a phone's mark is the server's: the projector reports each play,
pause and seek (``spotting_playback_set``), and a mark gets the position the
video had when the mark arrived (``SpottingPlayback.position_at``). A phone's
clock or a tampered frame cannot move a mark in the video.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exercises.models import ExerciseRun, SpottingMark, SpottingPlayback

MAX_MARKS_PER_PHONE = 60


@dataclass(frozen=True)
class MarkRequest:
    phone: str
    indicator_id: int
    received_at: datetime.datetime


@dataclass(frozen=True)
class MarkOutcome:
    mark: SpottingMark | None = None
    code: str = ""
    message: str = ""


@transaction.atomic
def spotting_playback_set(
    *, run: ExerciseRun, playing: bool, position: float, duration: float
) -> SpottingPlayback:
    """The projector played, paused or moved the video (position in seconds)."""
    playback, _created = SpottingPlayback.objects.select_for_update().get_or_create(
        run=run
    )
    playback.playing = bool(playing)
    playback.position = round(min(max(float(position), 0.0), duration), 2)
    playback.changed_at = timezone.now()
    playback.seq += 1
    playback.save()
    return playback


@transaction.atomic
def spotting_reveal(*, run: ExerciseRun, revealed: bool = True) -> SpottingPlayback:
    """Show (or hide again) the group's marks beside the expert's on the projector."""
    playback, _created = SpottingPlayback.objects.select_for_update().get_or_create(
        run=run
    )
    playback.revealed = revealed
    playback.seq += 1
    playback.save(update_fields=["revealed", "seq"])
    return playback


def spotting_marks_store(
    *, run_id: int, duration: float, requests: list[MarkRequest]
) -> list[MarkOutcome]:
    """Store a batch of phones' marks (one transaction); one outcome per request."""
    with transaction.atomic():
        run = ExerciseRun.objects.filter(pk=run_id).first()
        playback = SpottingPlayback.objects.filter(run_id=run_id).first()
        if run is None or run.closed_at is not None:
            closed = MarkOutcome(code="closed", message=_("This live run is closed."))
            return [closed] * len(requests)
        if playback is None:
            waiting = MarkOutcome(
                code="not_started", message=_("The video has not started yet.")
            )
            return [waiting] * len(requests)
        phones = {request.phone for request in requests}
        counts = dict.fromkeys(phones, 0)
        for phone in SpottingMark.objects.filter(
            run_id=run_id, phone__in=phones
        ).values_list("phone", flat=True):
            counts[phone] += 1
        outcomes, marks = [], []
        for request in requests:
            if counts[request.phone] >= MAX_MARKS_PER_PHONE:
                outcomes.append(
                    MarkOutcome(code="too_many", message=_("You have marked enough."))
                )
                continue
            counts[request.phone] += 1
            mark = SpottingMark(
                run_id=run_id,
                phone=request.phone,
                indicator_id=request.indicator_id,
                time=playback.position_at(request.received_at, duration),
            )
            marks.append(mark)
            outcomes.append(MarkOutcome(mark=mark))
        SpottingMark.objects.bulk_create(marks)
    return outcomes


def spotting_mark_undo(*, run: ExerciseRun, phone: str) -> SpottingMark | None:
    """Take back a phone's latest mark (a tap by mistake) while the run is open."""
    if run.closed_at is not None:
        return None
    mark = SpottingMark.objects.filter(run=run, phone=phone).order_by("-pk").first()
    if mark is not None:
        mark.delete()
    return mark
