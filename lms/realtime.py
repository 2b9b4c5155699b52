"""Realtime fan-out for rooms of phones: one hub per process.

A group is a room (a live session, a live exercise run). A broadcast crosses
the channel layer once per *process*, not once per socket: each process
subscribes one channel of its own to a group while it has sockets in it, and
hands the already-encoded text to each local socket. That keeps the cost per
phone to one socket write (see docs/live-quiz-protocol.md and the figures of
bench/live_quiz.py). The hub also batches writes that arrive together
(``submit``), throttles refreshes of results (``results_soon``) and runs
timers (``schedule``); what to write, build or run is the caller's.

Nothing here is needed by another process: the database holds the state, the
layer carries the messages. A restarted process starts empty and clients
reconnect to whichever process the proxy gives them.
"""

import asyncio
import json
import logging
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from lms.text import to_latin

logger = logging.getLogger(__name__)

ROLES = ("participant", "control", "screen")
EVERYONE = ROLES
FANOUT = "realtime.fanout"


def encode(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def language_for(scope) -> str:
    """The language a websocket client reads: the site's language cookie."""
    cookie = (scope.get("cookies") or {}).get(
        getattr(settings, "LANGUAGE_COOKIE_NAME", "lms_language"), ""
    )
    return cookie if cookie in ("sr", "sr-latn", "en") else "sr"


def script_for(scope) -> str:
    """ "lat" for Serbian Latin readers: texts are transliterated for them."""
    return "lat" if language_for(scope) == "sr-latn" else "cyr"


def batch_window() -> float:
    return getattr(settings, "REALTIME_BATCH_WINDOW", 0.01)


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

    def as_layer_message(self, group: str) -> dict:
        return {
            "type": FANOUT,
            "group": group,
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
    """The realtime sockets of one process (one event loop), by group and role.

    A connection has ``role`` (one of ``ROLES``), ``script`` ("cyr" or "lat"),
    ``participant_id`` (or None) and ``async send_text(text)``.
    """

    def __init__(self, layer) -> None:
        self.layer = layer
        self.channel: str | None = None
        self.groups: dict[str, dict[str, set]] = {}
        self.membership = asyncio.Lock()
        self.listener: asyncio.Task | None = None
        self.pending: dict[str, list] = {}
        self.writing: set[str] = set()
        self.refresh_due: set[str] = set()
        self.last_refresh: dict[str, float] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.tasks: set[asyncio.Task] = set()

    # --- Membership -----------------------------------------------------------

    async def attach(self, group: str, connection) -> None:
        async with self.membership:
            if self.channel is None:
                self.channel = await self.layer.new_channel("realtime-hub.")
                self.listener = asyncio.ensure_future(self._listen())
            roles = self.groups.get(group)
            if roles is None:
                roles = self.groups[group] = {role: set() for role in ROLES}
                await self.layer.group_add(group, self.channel)
            roles[connection.role].add(connection)

    async def detach(self, group: str, connection) -> None:
        async with self.membership:
            roles = self.groups.get(group)
            if roles is None:
                return
            roles[connection.role].discard(connection)
            if not any(roles.values()):
                del self.groups[group]
                try:
                    await self.layer.group_discard(group, self.channel)
                except Exception:  # the layer is down; the group expires on its own
                    logger.warning("realtime: group_discard failed", exc_info=True)

    def local_count(self, group: str, role: str) -> int:
        return len(self.groups.get(group, {}).get(role, ()))

    # --- Fan-out ------------------------------------------------------------------

    async def publish(self, group: str, outgoing: Outgoing) -> None:
        """Send to every process that has sockets in the group (this one too)."""
        await self.layer.group_send(group, outgoing.as_layer_message(group))

    async def _listen(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("realtime: channel layer receive failed", exc_info=True)
                await asyncio.sleep(1)
                continue
            if message.get("type") != FANOUT:
                continue
            try:
                await self._fanout(message)
            except Exception:
                logger.exception("realtime: fan-out failed")

    async def _fanout(self, message: dict) -> None:
        roles = self.groups.get(message["group"])
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

    # --- Writes that arrive together --------------------------------------------

    async def submit(self, key: str, item, store_batch: Callable[[list], list]):
        """``store_batch(items)`` (synchronous, in a database thread) stores every
        item submitted under ``key`` meanwhile, in one go, and returns one outcome
        per item, in order; each caller gets its own outcome."""
        future = asyncio.get_running_loop().create_future()
        self.pending.setdefault(key, []).append((item, future))
        if key not in self.writing:
            self.writing.add(key)
            self._spawn(self._write(key, store_batch))
        return await future

    async def _write(self, key: str, store_batch) -> None:
        try:
            # Let items of the next few milliseconds join the batch: answers
            # spread over a question's think time then share a transaction.
            await asyncio.sleep(batch_window())
            while self.pending.get(key):
                batch = self.pending.pop(key)
                try:
                    outcomes = await database_sync_to_async(store_batch)(
                        [item for item, _future in batch]
                    )
                except Exception as error:
                    logger.exception("realtime: storing %d items failed", len(batch))
                    for _item, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_item, future), outcome in zip(batch, outcomes, strict=True):
                    if not future.done():
                        future.set_result(outcome)
        finally:
            self.writing.discard(key)

    # --- Results, throttled --------------------------------------------------------

    def results_soon(self, group: str, build: Callable[[], Outgoing]) -> None:
        """Publish ``build()`` (synchronous, in a database thread) soon, at most
        once every ``LIVE_RESULTS_INTERVAL`` seconds per group and process."""
        if group in self.refresh_due:
            return
        self.refresh_due.add(group)
        loop = asyncio.get_running_loop()
        since = loop.time() - self.last_refresh.get(group, -1e9)
        delay = max(0.0, results_interval() - since)
        loop.call_later(delay, lambda: self._spawn(self._refresh(group, build)))

    async def _refresh(self, group: str, build) -> None:
        self.refresh_due.discard(group)
        self.last_refresh[group] = asyncio.get_running_loop().time()
        try:
            outgoing = await database_sync_to_async(build)()
            if outgoing is not None and outgoing.parts:
                await self.publish(group, outgoing)
        except Exception:
            logger.exception("realtime: results refresh failed")

    # --- Timers -------------------------------------------------------------------

    def schedule(self, key: str, delay: float, job: Callable[[], Awaitable]) -> None:
        """Run ``job()`` after ``delay`` seconds; a later schedule replaces it."""
        previous = self.timers.pop(key, None)
        if previous:
            previous.cancel()

        def start() -> None:
            self.timers.pop(key, None)
            self._spawn(self._run(job))

        self.timers[key] = asyncio.get_running_loop().call_later(max(0.0, delay), start)

    async def _run(self, job) -> None:
        try:
            await job()
        except Exception:
            logger.exception("realtime: scheduled job failed")

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


def publish_after_commit(group: str, build: Callable[[], Outgoing | None]) -> None:
    """From synchronous code (a view): publish ``build()`` once committed."""
    from asgiref.sync import async_to_sync
    from django.db import transaction

    def send() -> None:
        outgoing = build()
        if outgoing is not None and outgoing.parts:
            async_to_sync(get_channel_layer().group_send)(
                group, outgoing.as_layer_message(group)
            )

    # Robust: the write is committed; a channel layer that is down (Redis) loses
    # the news (logged), never turns the page into a 500.
    transaction.on_commit(send, robust=True)
