"""Websockets of activity runs: phone, trainer's control and projector.

Frames are checked, parsed and rate-limited by ``lms.realtime.RealtimeConsumer``
(size, depth, ``malformed``, ``unknown_type``, ``rate_limited``, 4413, 4429);
changes go through ``activities.services`` / ``activities.telephone`` and reach
the room through the hub. Protocol: docs/activities.md.
"""

import logging
import time
from functools import partial
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from activities import joining, live, services, telephone
from activities.models import ActivityKind, ActivityRun, RunState
from lms import realtime
from lms.realtime import (
    CLOSE_FORBIDDEN,
    CLOSE_NOT_FOUND,
    TokenBucket,
    encode,
    get_hub,
    priority_database_sync_to_async,
)

logger = logging.getLogger(__name__)

# What one phone may send (balloons, pieces): a few at once, then one every
# few seconds. In memory, per socket: nothing about the sender is stored.
ITEM_BURST = 3
ITEM_PER_SECOND = 0.2
# A phone that drops out during its turn has this long to come back.
DROP_GRACE_SECONDS = 8.0


def _find_run(code: str) -> ActivityRun | None:
    return ActivityRun.objects.select_related("content").filter(code=code).first()


# Runs by code for a moment: a room of phones connecting at once finds its run
# without a database trip each (what changes, the state, is read again by the
# snapshot and by every service).
_runs: dict[str, tuple[float, ActivityRun]] = {}
RUN_CACHE_SECONDS = 3.0


async def find_run(code: str, db) -> ActivityRun | None:
    now = time.monotonic()
    cached = _runs.get(code)
    if cached and cached[0] > now:
        return cached[1]
    run = await db(_find_run)(code)
    if run is not None:
        if len(_runs) > 1000:
            _runs.clear()
        _runs[code] = (now + RUN_CACHE_SECONDS, run)
    return run


# The phones' ``welcome`` by run, encoded, for as long as the run is cached:
# the activity and its content (the collage's images and their renditions)
# are read once for a room of phones, not once per phone.
_welcomes: dict[tuple[int, str], tuple[float, str]] = {}


async def welcome_text(run: ActivityRun, db) -> str:
    now = time.monotonic()
    key = (run.pk, run.code)  # ids come back in a fresh test database
    cached = _welcomes.get(key)
    if cached and cached[0] > now:
        return cached[1]
    text = encode(await db(live.welcome_message)(run))
    if len(_welcomes) > 1000:
        _welcomes.clear()
    _welcomes[key] = (now + RUN_CACHE_SECONDS, text)
    return text


def turn_key(run_id: int) -> str:
    return f"activity-turn.{run_id}"


def _turn_deadline(run_id: int) -> tuple[int, float] | None:
    run = ActivityRun.objects.get(pk=run_id)
    link = telephone.active_link(run)
    if link is None or run.state != RunState.RUNNING:
        return None
    until = telephone.turn_of(run, link).write_until
    return link.pk, (until - timezone.now()).total_seconds()


async def publish_change(run_id: int, skip: str | None = None):
    """Everyone hears of the change; the telephone's clock follows it."""
    outgoing = await database_sync_to_async(live.change_outgoing)(run_id)
    if outgoing is None:
        return None
    outgoing.skip = skip
    await get_hub().publish(live.run_group(run_id), outgoing)
    await follow_chain(run_id)
    return outgoing


async def follow_chain(run_id: int) -> None:
    """Skip the active turn when its time is over (a later change replaces
    the timer; the skip checks again in the database)."""
    deadline = await database_sync_to_async(_turn_deadline)(run_id)
    if deadline is None:
        return
    link_id, delay = deadline

    async def expire() -> None:
        skipped = await database_sync_to_async(telephone.turn_timeout)(
            run_id=run_id, link_id=link_id
        )
        if skipped:
            await publish_change(run_id)
        else:
            await follow_chain(run_id)

    get_hub().schedule(turn_key(run_id), delay + 0.2, expire)


class ActivityConsumer(realtime.RealtimeConsumer):
    """What every role shares: finding the run, the snapshot, ``sync``."""

    priority = False

    def db(self, function):
        if self.priority:
            return priority_database_sync_to_async(function)
        return database_sync_to_async(function)

    async def connect(self) -> None:
        self.run_id = None
        await self.accept()
        code = str(self.scope["url_route"]["kwargs"]["code"]).upper()
        run = await find_run(code, self.db)
        if run is None:
            await self.refuse("not_found", _("There is no activity with this code."))
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.run_id = run.pk
        self.kind = run.kind
        await self.start(run)

    async def start(self, run: ActivityRun) -> None:
        raise NotImplementedError

    async def attach_run(self) -> None:
        group = live.run_group(self.run_id)
        await self.attach(group)
        run_id = self.run_id
        get_hub().watch(
            group,
            lambda: live.current_seq(run_id),
            lambda: live.change_outgoing(run_id),
        )

    def _snapshot(self) -> list[dict]:
        run = ActivityRun.objects.select_related("content").get(pk=self.run_id)
        messages = [live.state_message(run)]
        if self.role != "participant":
            messages.append(live.board_message(run, for_control=self.role == "control"))
        elif self.participant_id is not None:
            tasks = live.task_messages(run)
            messages.append(tasks.get(self.participant_id) or live.waiting_task(run))
        elif run.kind == ActivityKind.TELEPHONE:
            messages.append(live.waiting_task(run))
        return messages

    async def send_snapshot(self) -> None:
        for message in await self.db(self._snapshot)():
            await self.send_message(message)

    async def on_sync(self, message: dict, ref) -> None:
        await self.send_snapshot()
        seq = await self.db(live.current_seq)(self.run_id)
        await self.send_message({"type": "synced", "ref": ref, "seq": seq})


class PhoneConsumer(ActivityConsumer):
    """A phone: joins anonymously and sends words, pieces or its retelling."""

    role = "participant"

    async def start(self, run: ActivityRun) -> None:
        self.items = TokenBucket(ITEM_BURST, ITEM_PER_SECOND)
        self.joined = False
        await self.send_texts([await welcome_text(run, self.db)])
        self.ready = True

    async def on_join(self, message: dict, ref) -> None:
        if self.joined:
            raise services.ActivityError(
                "already_joined", _("This connection has already joined.")
            )
        request = joining.JoinRequest()
        if self.kind == ActivityKind.TELEPHONE:
            token = message.get("token")
            request = joining.JoinRequest(
                token=token if isinstance(token, str) else "", seat=message.get("seat")
            )
        # The joins of a few milliseconds share one database trip and snapshot.
        joined = await get_hub().submit(
            joining.batch_key(self.run_id),
            request,
            partial(joining.joins_store, self.run_id),
        )
        if joined.error is not None:
            raise joined.error
        if self.kind == ActivityKind.TELEPHONE:
            self.participant_id = joined.phone_id
            await self.send_message({"type": "me", "token": joined.token, "ref": ref})
            if joined.announce:
                # A late phone may have been given the turn at once.
                await publish_change(self.run_id, skip=None)
        self.joined = True
        await self.attach_run()
        await self.send_texts(joined.texts)
        if get_hub().delivered.get(live.run_group(self.run_id), -1) > joined.seq:
            # A change reached this process between the batch's snapshot and
            # this socket joining the group: the present, from the database.
            await self.send_snapshot()

    def _require(self, kind: str) -> None:
        if not self.joined:
            raise services.ActivityError("not_joined", _("Join the activity first."))
        if self.kind != kind:
            raise services.ActivityError("invalid", _("Not in this activity."))

    def _item_allowed(self) -> None:
        if not self.items.allow():
            raise services.ActivityError(
                "slow_down", _("Thank you! Wait a few seconds before the next one.")
            )

    async def on_balloon(self, message: dict, ref) -> None:
        self._require(ActivityKind.BALLOONS)
        text, key = services.balloon_clean(message.get("text"))
        self._item_allowed()
        outcome = await get_hub().submit(
            "activity-balloons",
            services.BalloonItem(self.run_id, text, key),
            services.balloons_store,
        )
        if outcome != "ok":
            raise services.ActivityError(outcome, _("The activity is not running."))
        await self.send_message({"type": "ack", "ref": ref, "text": text})
        self._refresh_board()

    async def on_piece(self, message: dict, ref) -> None:
        self._require(ActivityKind.COLLAGE)
        image = message.get("image")
        if isinstance(image, bool) or not isinstance(image, int):
            raise services.ActivityError("invalid", _("Choose an image."))
        services.clean_text(message.get("word") or "", services.PIECE_WORD_MAX,
                            required=False)  # fmt: skip
        self._item_allowed()
        piece = await self.db(services.piece_add)(
            run_id=self.run_id, image_id=message.get("image"), word=message.get("word")
        )
        await self.send_message(
            {"type": "ack", "ref": ref, "image": piece.image_id, "word": piece.word}
        )
        self._refresh_board()

    async def on_retelling(self, message: dict, ref) -> None:
        self._require(ActivityKind.TELEPHONE)
        await self.db(telephone.retelling_pass)(
            run_id=self.run_id,
            phone_id=self.participant_id,
            link_id=message.get("link"),
            text=message.get("text"),
        )
        await self.send_message({"type": "ack", "ref": ref})
        await publish_change(self.run_id)

    def _refresh_board(self) -> None:
        run_id = self.run_id
        get_hub().results_soon(
            live.run_group(run_id), lambda: live.board_outgoing(run_id)
        )

    async def leave(self) -> None:
        phone_id = self.participant_id if self.joined else None
        await super().leave()
        if phone_id is None:
            return
        self.participant_id = None
        try:
            await database_sync_to_async(telephone.phone_offline)(phone_id=phone_id)
            run_id = self.run_id

            async def dropped() -> None:
                if await database_sync_to_async(telephone.turn_skip)(
                    run_id=run_id, unless_online=True
                ):
                    await publish_change(run_id)

            # Only a turn held by an offline phone is skipped (checked then).
            get_hub().schedule(f"activity-drop.{run_id}.{phone_id}", DROP_GRACE_SECONDS,
                               dropped)  # fmt: skip
        except Exception:
            logger.exception("activities: marking a phone offline failed")


class StaffConsumer(ActivityConsumer):
    """Control and projector: the run's trainer(s) and staff only."""

    priority = True
    limited_roles = ()

    async def start(self, run: ActivityRun) -> None:
        user = self.scope.get("user")
        allowed = self.has_screen_key(run)
        if not allowed and user is not None and user.is_authenticated:
            allowed = await self.db(services.can_control)(user, run)
        if not allowed:
            await self.refuse(
                "forbidden", _("Only the activity's trainers may open this view.")
            )
            await self.close(code=CLOSE_FORBIDDEN)
            self.run_id = None
            return
        await self.attach_run()
        await self.send_snapshot()
        if self.role == "control" and run.kind == ActivityKind.TELEPHONE:
            await follow_chain(run.pk)  # a control that connects keeps the clock
        self.ready = True

    def has_screen_key(self, run: ActivityRun) -> bool:
        return False


class ScreenConsumer(StaffConsumer):
    """The projector: shows the board; sends nothing but pings and ``sync``.
    A room computer may open it with the run's key (``?kljuc=``)."""

    role = "screen"

    def has_screen_key(self, run: ActivityRun) -> bool:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        key = (query.get("kljuc") or [""])[0]
        return bool(key) and constant_time_compare(key, run.screen_key)


STATE_ACTIONS = {
    "start": services.run_start,
    "reveal": services.run_reveal,
    "close": services.run_close,
}


class ControlConsumer(StaffConsumer):
    """The trainer's control: start, skip a turn, moderate, reveal, close."""

    role = "control"

    async def on_action(self, message: dict, ref) -> None:
        action = message.get("action")
        data = message.get("data") if isinstance(message.get("data"), dict) else {}
        user = self.scope.get("user")
        run = await self.db(ActivityRun.objects.get)(pk=self.run_id)
        if not self.has_screen_key(run) and not await self.db(services.can_control)(
            user, run
        ):
            raise services.ActivityError("forbidden", _("You may not run it."))
        if action in STATE_ACTIONS:
            await self.db(STATE_ACTIONS[action])(run_id=self.run_id)
            await self._changed()
        elif action == "skip" and self.kind == ActivityKind.TELEPHONE:
            await self.db(telephone.turn_skip)(run_id=self.run_id)
            await self._changed()
        elif action == "moderate":
            await self.db(services.item_moderate)(
                run_id=self.run_id, item_id=data.get("item"), status=data.get("status")
            )
            await self._moderated()
        elif action == "approve_same":
            approved = await self.db(services.items_approve_same)(
                run_id=self.run_id, item_id=data.get("item")
            )
            await self._moderated()
            await self.send_message(
                {"type": "done", "ref": ref, "action": action, "approved": approved}
            )
            return
        elif action == "keep_list":
            groups = await self.db(services.balloons_keep)(run_id=self.run_id)
            await self.send_message({"type": "kept", "ref": ref, "words": len(groups)})
        else:
            raise services.ActivityError("unknown_action", _("Unknown action."))
        await self.send_message({"type": "done", "ref": ref, "action": action})

    async def _moderated(self) -> None:
        """The control sees its decision at once; the projector soon."""
        outgoing = await self.db(live.board_outgoing)(self.run_id)
        await self.send_outgoing(outgoing)
        run_id = self.run_id
        get_hub().results_soon(
            live.run_group(run_id), lambda: live.board_outgoing(run_id)
        )

    async def _changed(self) -> None:
        outgoing = await self.db(live.change_outgoing)(self.run_id)
        await self.send_outgoing(outgoing)
        outgoing.skip = self.key
        try:
            await get_hub().publish(live.run_group(self.run_id), outgoing)
        except Exception:
            logger.warning("activities: broadcast failed", exc_info=True)
            await self.refuse(
                "not_delivered",
                _("The change is saved; the room will catch up in a moment."),
            )
        await follow_chain(self.run_id)
