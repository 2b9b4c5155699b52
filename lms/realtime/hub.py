"""The hub: one per process (event loop), the sockets of every room by role.

A broadcast crosses the channel layer once per *process*, not once per
socket: each process subscribes one channel of its own to a group while it
has sockets in it, and hands the already-encoded text to each local socket.
That keeps the cost per phone to one socket write (see
docs/live-quiz-protocol.md and the figures of bench/live_quiz.py). The hub
also batches writes that arrive together (``submit``), throttles refreshes of
results (``results_soon``), runs timers (``schedule``) and repairs broadcasts
lost while the channel layer was down (``watch``); what to write, build or run
is the caller's.
"""

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from lms.text import to_latin

from .outgoing import FANOUT, ROLES, Outgoing

logger = logging.getLogger("lms.realtime")


def batch_window() -> float:
    return getattr(settings, "REALTIME_BATCH_WINDOW", 0.01)


def results_interval() -> float:
    return getattr(settings, "LIVE_RESULTS_INTERVAL", 0.5)


def resync_interval() -> float:
    return getattr(settings, "REALTIME_RESYNC_INTERVAL", 1.0)


class Hub:
    """The realtime sockets of one process (one event loop), by group and role.

    A connection has ``role`` (one of ``ROLES``), ``script`` ("cyr" or "lat"),
    ``participant_id`` (or None), ``key`` (unique) and ``async send_text(text)``.

    Numbered groups (``watch``) are repaired: every ``REALTIME_RESYNC_INTERVAL``
    seconds the hub compares the group's sequence number in the database with
    the last one it delivered here; a change whose broadcast was lost (the
    channel layer was down) is sent again to this process's sockets, built
    from the database, once the difference has been seen twice in a row (so a
    broadcast still on its way is not doubled).
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
        self.watched: dict[str, tuple[Callable, Callable]] = {}
        self.delivered: dict[str, int] = {}
        self.suspect: dict[str, int] = {}
        self.resyncer: asyncio.Task | None = None
        self.repairs = 0

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
                self.watched.pop(group, None)
                self.delivered.pop(group, None)
                self.suspect.pop(group, None)
                try:
                    await self.layer.group_discard(group, self.channel)
                except Exception:  # the layer is down; the group expires on its own
                    logger.warning("realtime: group_discard failed", exc_info=True)

    def local_count(self, group: str, role: str) -> int:
        return len(self.groups.get(group, {}).get(role, ()))

    def connection_count(self) -> int:
        """Every socket this hub holds, in every group (tests: nothing leaks)."""
        return sum(len(c) for roles in self.groups.values() for c in roles.values())

    # --- Repair of lost broadcasts ----------------------------------------------

    def watch(
        self,
        group: str,
        current_seq: Callable[[], int | None],
        build: Callable[[], "Outgoing | None"],
    ) -> None:
        """Number the group: ``current_seq()`` (synchronous, database) is the
        sequence number of record; ``build()`` what to send when it is ahead."""
        if resync_interval() <= 0:
            return
        if group not in self.watched:
            self.watched[group] = (current_seq, build)
        if self.resyncer is None or self.resyncer.done():
            self.resyncer = asyncio.ensure_future(self._resync_loop())

    def seen(self, group: str, seq: int | None) -> None:
        if seq is not None and seq > self.delivered.get(group, -1):
            self.delivered[group] = seq

    async def _resync_loop(self) -> None:
        while self.watched:
            await asyncio.sleep(max(0.05, resync_interval()))
            for group, (current_seq, build) in list(self.watched.items()):
                try:
                    await self._resync(group, current_seq, build)
                except Exception:
                    logger.warning(
                        "realtime: resync of %s failed", group, exc_info=True
                    )

    async def _resync(self, group: str, current_seq, build) -> None:
        seq = await database_sync_to_async(current_seq)()
        if seq is None:
            return
        if group not in self.delivered:
            self.delivered[group] = seq  # the sockets got it when they connected
            return
        if seq <= self.delivered[group]:
            self.suspect.pop(group, None)
            return
        if self.suspect.get(group) != seq:
            self.suspect[group] = seq  # maybe still on its way: look again
            return
        outgoing = await database_sync_to_async(build)()
        if outgoing is None or group not in self.groups:
            return
        self.suspect.pop(group, None)
        self.repairs += 1
        logger.warning("realtime: %s missed seq %s; sending it again", group, seq)
        await self._fanout(outgoing.as_layer_message(group))

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
        self.seen(message["group"], message.get("seq"))
        skip = message.get("skip")
        for part in message["parts"]:
            texts = {"cyr": part["text"]}
            for audience in part["audiences"]:
                for connection in list(roles.get(audience, ())):
                    if skip is not None and connection.key == skip:
                        continue
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
