"""The websockets of a live spotting run: phones mark, the projector plays.

Both are ``lms.realtime.RealtimeConsumer``s: malformed, oversized, too fast
or unknown frames are refused there. A phone may only ``mark`` and ``undo``
its own marks; the projector's socket is for the staff area, and only the
trainer who started the run (or centre staff) may move the video or reveal
the expert's marks (``exercises.selectors.run_controlled_by``).

Phone frames:     {"type": "mark", "indicator": <id>, "ago": seconds}
                  {"type": "undo"}
Projector frames: {"type": "playback", "playing": bool, "position": seconds}
                  {"type": "reveal", "revealed": bool}
Server messages:  welcome, state, mine, marked, timeline, error (see live.py)
"""

from __future__ import annotations

import datetime
import math
import re
import time
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exercises.models import ExerciseRun, SpottingPlayback
from exercises.selectors import run_controlled_by, run_viewable_by
from exercises.spotting import grading, live, services
from lms import realtime

PHONE_KEY = re.compile(r"^[0-9a-f]{32}$")
MAX_AGO = 20.0  # seconds between the tap and the choice that still count


def _load(code: str):
    """The run with this code and its spotting block's value, or (None, None)."""
    run = ExerciseRun.objects.filter(code=code).select_related("page").first()
    child = live.spotting_child(run) if run is not None else None
    if child is None:
        return None, None
    return run, child.value


@dataclass(frozen=True)
class RunFacts:
    """What a phone needs of its run's block, read once per process and run."""

    run_id: int
    duration: float
    allowed: frozenset


_facts: dict[str, tuple[float, RunFacts | None]] = {}
FACTS_SECONDS = 30.0  # a block edited during a run reaches new phones this late


def _phone_facts(code: str) -> RunFacts | None:
    """A room of phones joins at once: the page and its block are parsed once
    per process (every ``FACTS_SECONDS``), not once per phone."""
    cached = _facts.get(code)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    run, value = _load(code)
    facts = None
    if run is not None and run.closed_at is None:
        allowed = frozenset(i.pk for i in grading.offered_indicators(value))
        facts = RunFacts(run.pk, float(value["duration"]), allowed)
    if len(_facts) > 1000:
        _facts.clear()
    _facts[code] = (time.monotonic() + FACTS_SECONDS, facts)
    return facts


def _phone_opening(run_id: int, phone: str) -> tuple[dict | None, dict]:
    """The state (None once the run is closed) and the phone's own marks."""
    run = ExerciseRun.objects.filter(pk=run_id).first()
    if run is None or run.closed_at is not None:
        return None, {}
    playback = SpottingPlayback.objects.filter(run=run).first()
    return live.state_message(run, playback), live.mine_message(run, phone)


def _opening(run: ExerciseRun) -> tuple[dict, dict]:
    playback = SpottingPlayback.objects.filter(run=run).first()
    return live.state_message(run, playback), live.timeline_message(run)


class SpottingPhoneConsumer(realtime.RealtimeConsumer):
    """A participant's phone: marks moments, sees only its own marks."""

    role = "participant"

    async def connect(self) -> None:
        await self.accept()
        code = str(self.scope["url_route"]["kwargs"]["code"]).lower()
        facts = await database_sync_to_async(_phone_facts)(code)
        if facts is None:
            await self.close(code=realtime.CLOSE_NOT_FOUND)
            return
        self.run_id, self.duration, self.allowed = (
            facts.run_id,
            facts.duration,
            facts.allowed,
        )
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        key = (query.get("phone") or [""])[0].lower()
        self.phone = key if PHONE_KEY.match(key) else uuid.uuid4().hex
        state, mine = await database_sync_to_async(_phone_opening)(
            self.run_id, self.phone
        )
        if state is None:
            await self.close(code=realtime.CLOSE_NOT_FOUND)
            return
        await self.attach(live.group(self.run_id))
        await self.send_message({"type": "welcome", "phone": self.phone})
        await self.send_message(state)
        await self.send_message(mine)
        self.ready = True

    async def on_mark(self, message: dict, ref) -> None:
        indicator = message.get("indicator")
        if isinstance(indicator, bool) or not isinstance(indicator, int):
            raise realtime.Refused("invalid", _("Choose an indicator."))
        if indicator not in self.allowed:
            raise realtime.Refused("invalid", _("Choose an indicator."))
        # How long ago the phone tapped "I see an indicator" (choosing which
        # takes a moment): a duration measured on the phone, not its clock.
        ago = message.get("ago", 0)
        if isinstance(ago, bool) or not isinstance(ago, int | float):
            ago = 0
        ago = min(max(float(ago), 0.0), MAX_AGO) if math.isfinite(ago) else 0.0
        moment = timezone.now() - datetime.timedelta(seconds=ago)
        request = services.MarkRequest(self.phone, indicator, moment)
        outcome = await realtime.get_hub().submit(
            f"spotting-marks.{self.run_id}", request, self._store
        )
        if outcome.mark is None:
            raise realtime.Refused(outcome.code, outcome.message)
        mark = outcome.mark
        await self.send_message(
            {
                "type": "marked",
                "ref": ref,
                "mark": {"id": mark.pk, "time": mark.time, "indicator": indicator},
            }
        )
        run_id = self.run_id
        realtime.get_hub().results_soon(
            live.group(run_id), lambda: live.timeline_outgoing(run_id)
        )

    def _store(self, requests: list) -> list:
        return services.spotting_marks_store(
            run_id=self.run_id, duration=self.duration, requests=requests
        )

    def _undo(self) -> dict:
        run = ExerciseRun.objects.get(pk=self.run_id)
        services.spotting_mark_undo(run=run, phone=self.phone)
        return live.mine_message(run, self.phone)

    async def on_undo(self, message: dict, ref) -> None:
        mine = await database_sync_to_async(self._undo)()
        await self.send_message({**mine, "ref": ref})
        run_id = self.run_id
        realtime.get_hub().results_soon(
            live.group(run_id), lambda: live.timeline_outgoing(run_id)
        )


class SpottingScreenConsumer(realtime.RealtimeConsumer):
    """The projector: plays the video for the room and shows the group's marks.

    Staff-area users may watch; the trainer who started the run (or centre
    staff) controls it (role "control"), anyone else watching is a "screen".
    """

    role = "screen"
    limited_roles = ()

    async def connect(self) -> None:
        await self.accept()
        code = str(self.scope["url_route"]["kwargs"]["code"]).lower()
        self.run, value = await realtime.priority_database_sync_to_async(_load)(code)
        if self.run is None:
            await self.close(code=realtime.CLOSE_NOT_FOUND)
            return
        user = self.scope.get("user")
        allowed, controls = await realtime.priority_database_sync_to_async(
            lambda: (run_viewable_by(user, self.run), run_controlled_by(user, self.run))
        )()
        if not allowed:
            await self.close(code=realtime.CLOSE_FORBIDDEN)
            return
        self.role = "control" if controls else "screen"
        self.duration = float(value["duration"])
        await self.attach(live.group(self.run.pk))
        state, timeline = await realtime.priority_database_sync_to_async(_opening)(
            self.run
        )
        await self.send_message(state)
        await self.send_message(timeline)
        self.ready = True

    def _controlling(self) -> None:
        if self.role != "control":
            raise realtime.Refused(
                "forbidden", _("Only the trainer who runs it can do this.")
            )

    async def on_playback(self, message: dict, ref) -> None:
        self._controlling()
        playing, position = message.get("playing"), message.get("position")
        if not isinstance(playing, bool) or isinstance(position, bool):
            raise realtime.Refused("invalid", _("The message could not be read."))
        if not isinstance(position, int | float) or not math.isfinite(position):
            raise realtime.Refused("invalid", _("The message could not be read."))
        await realtime.priority_database_sync_to_async(self._playback)(
            playing, float(position)
        )
        await self._publish_state(with_timeline=False)

    def _playback(self, playing: bool, position: float) -> None:
        self.run.refresh_from_db(fields=["closed_at"])
        if self.run.closed_at is not None:
            raise realtime.Refused("closed", _("This live run is closed."))
        services.spotting_playback_set(
            run=self.run, playing=playing, position=position, duration=self.duration
        )

    async def on_reveal(self, message: dict, ref) -> None:
        self._controlling()
        revealed = message.get("revealed", True)
        if not isinstance(revealed, bool):
            raise realtime.Refused("invalid", _("The message could not be read."))
        await realtime.priority_database_sync_to_async(services.spotting_reveal)(
            run=self.run, revealed=revealed
        )
        await self._publish_state(with_timeline=True)

    async def _publish_state(self, *, with_timeline: bool) -> None:
        run_id = self.run.pk
        outgoing = await realtime.priority_database_sync_to_async(
            lambda: live.state_outgoing(run_id, with_timeline=with_timeline)
        )()
        if outgoing is not None:
            await realtime.get_hub().publish(live.group(run_id), outgoing)
