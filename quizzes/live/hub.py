"""Per-process fan-out, answer batching and result throttling for live sessions.

A broadcast crosses the channel layer once per *process*, not once per phone:
each process subscribes one channel of its own to a session's group while it
has sockets of that session, and hands the already-encoded text to each local
socket. That keeps the per-phone cost to one socket write (see
docs/live-quiz-protocol.md and the figures in bench/live_quiz.py).

Nothing here is needed by another process: the database holds the session,
the layer carries the messages. A restarted process starts empty and phones
reconnect to whichever process the proxy gives them.
"""

import asyncio
import json
import logging
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from lms.text import to_latin

from . import services

logger = logging.getLogger(__name__)

ROLES = ("participant", "control", "screen")
EVERYONE = ROLES
STAFF_VIEWS = ("control", "screen")
FANOUT = "live.fanout"


def group_name(session_id: int) -> str:
    return f"live.{session_id}"


def encode(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def results_interval() -> float:
    return getattr(settings, "LIVE_RESULTS_INTERVAL", 0.5)


@dataclass
class Part:
    audiences: tuple[str, ...]
    message: dict


@dataclass
class Outgoing:
    """What one change sends: common parts in order, then personal messages."""

    parts: list[Part] = field(default_factory=list)
    personal: dict[int, dict] | None = None

    def add(self, audiences: Iterable[str], message: dict) -> None:
        self.parts.append(Part(tuple(audiences), message))

    def as_layer_message(self, session_id: int) -> dict:
        return {
            "type": FANOUT,
            "session": session_id,
            "parts": [
                {"audiences": list(part.audiences), "text": encode(part.message)}
                for part in self.parts
            ],
            "personal": (
                {str(pid): encode(message) for pid, message in self.personal.items()}
                if self.personal
                else None
            ),
        }


class Hub:
    """The live sessions' sockets of one process (one event loop)."""

    def __init__(self, layer) -> None:
        self.layer = layer
        self.channel: str | None = None
        self.sessions: dict[int, dict[str, set]] = {}
        self.membership = asyncio.Lock()
        self.listener: asyncio.Task | None = None
        self.pending: dict[int, list] = {}
        self.writing: set[int] = set()
        self.refresh_due: set[int] = set()
        self.last_refresh: dict[int, float] = {}
        self.timers: dict[int, asyncio.TimerHandle] = {}
        self.tasks: set[asyncio.Task] = set()

    # --- Membership -----------------------------------------------------------

    async def attach(self, session_id: int, connection) -> None:
        async with self.membership:
            if self.channel is None:
                self.channel = await self.layer.new_channel("live-hub.")
                self.listener = asyncio.ensure_future(self._listen())
            roles = self.sessions.get(session_id)
            if roles is None:
                roles = self.sessions[session_id] = {role: set() for role in ROLES}
                await self.layer.group_add(group_name(session_id), self.channel)
            roles[connection.role].add(connection)

    async def detach(self, session_id: int, connection) -> None:
        async with self.membership:
            roles = self.sessions.get(session_id)
            if roles is None:
                return
            roles[connection.role].discard(connection)
            if not any(roles.values()):
                del self.sessions[session_id]
                try:
                    await self.layer.group_discard(group_name(session_id), self.channel)
                except Exception:  # the layer is down; the group expires on its own
                    logger.warning("live: group_discard failed", exc_info=True)

    def local_count(self, session_id: int, role: str) -> int:
        return len(self.sessions.get(session_id, {}).get(role, ()))

    # --- Fan-out ------------------------------------------------------------------

    async def publish(self, session_id: int, outgoing: Outgoing) -> None:
        """Send to every process that has sockets of the session (this one too)."""
        await self.layer.group_send(
            group_name(session_id), outgoing.as_layer_message(session_id)
        )

    async def _listen(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live: channel layer receive failed", exc_info=True)
                await asyncio.sleep(1)
                continue
            if message.get("type") != FANOUT:
                continue
            try:
                await self._fanout(message)
            except Exception:
                logger.exception("live: fan-out failed")

    async def _fanout(self, message: dict) -> None:
        roles = self.sessions.get(message["session"])
        if not roles:
            return
        for part in message["parts"]:
            texts = {"cyr": part["text"]}
            for audience in part["audiences"]:
                for connection in list(roles.get(audience, ())):
                    text = texts.get(connection.script)
                    if text is None:
                        text = texts[connection.script] = to_latin(part["text"])
                    await connection.send_text(text)
        personal = message.get("personal")
        if personal:
            for connection in list(roles["participant"]):
                text = personal.get(str(connection.participant_id))
                if text is not None:
                    if connection.script != "cyr":
                        text = to_latin(text)
                    await connection.send_text(text)

    # --- Answers ------------------------------------------------------------------

    async def submit(self, session_id: int, submission: services.Submission):
        """Store an answer; answers arriving together are written in one transaction."""
        future = asyncio.get_running_loop().create_future()
        self.pending.setdefault(session_id, []).append((submission, future))
        if session_id not in self.writing:
            self.writing.add(session_id)
            self._spawn(self._write(session_id))
        return await future

    async def _write(self, session_id: int) -> None:
        try:
            await asyncio.sleep(0)  # let answers of the same moment join the batch
            while self.pending.get(session_id):
                batch = self.pending.pop(session_id)
                try:
                    outcomes = await database_sync_to_async(services.answers_store)(
                        session_id, [submission for submission, _future in batch]
                    )
                except Exception as error:
                    logger.exception("live: storing %d answers failed", len(batch))
                    for _submission, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_submission, future), outcome in zip(batch, outcomes, strict=True):
                    if not future.done():
                        future.set_result(outcome)
                self.results_soon(session_id)
        finally:
            self.writing.discard(session_id)

    # --- Live results, throttled -------------------------------------------------

    def results_soon(self, session_id: int) -> None:
        """Refresh the screens' results at most every ``LIVE_RESULTS_INTERVAL``."""
        if session_id in self.refresh_due:
            return
        self.refresh_due.add(session_id)
        loop = asyncio.get_running_loop()
        since = loop.time() - self.last_refresh.get(session_id, -1e9)
        delay = max(0.0, results_interval() - since)
        loop.call_later(delay, lambda: self._spawn(self._refresh(session_id)))

    async def _refresh(self, session_id: int) -> None:
        self.refresh_due.discard(session_id)
        self.last_refresh[session_id] = asyncio.get_running_loop().time()
        from .broadcast import results_outgoing

        try:
            outgoing = await database_sync_to_async(results_outgoing)(session_id)
            if outgoing.parts:
                await self.publish(session_id, outgoing)
        except Exception:
            logger.exception("live: results refresh failed")

    # --- Timers -------------------------------------------------------------------

    def schedule_close(self, session_id: int, question_id: int, delay: float) -> None:
        """Close the question when its clock runs out, even if no one is watching."""
        previous = self.timers.pop(session_id, None)
        if previous:
            previous.cancel()
        loop = asyncio.get_running_loop()
        self.timers[session_id] = loop.call_later(
            max(0.0, delay),
            lambda: self._spawn(self._expire(session_id, question_id)),
        )

    async def _expire(self, session_id: int, question_id: int) -> None:
        from .broadcast import change_outgoing

        self.timers.pop(session_id, None)
        try:
            change = await database_sync_to_async(services.expire_timer)(
                session_id, question_id
            )
            if change is not None:
                outgoing = await database_sync_to_async(change_outgoing)(change)
                await self.publish(session_id, outgoing)
        except Exception:
            logger.exception("live: closing on time failed")

    def _spawn(self, coroutine) -> asyncio.Task:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = (
    weakref.WeakKeyDictionary()
)


def get_hub() -> Hub:
    """This process's hub (one per event loop, so tests with fresh loops work)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub(get_channel_layer())
    return hub
