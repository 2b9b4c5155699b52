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
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from channels.db import DatabaseSyncToAsync, database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch
from django.conf import settings
from django.utils import translation

from lms.net import client_ip_from_scope
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


def resync_interval() -> float:
    return getattr(settings, "REALTIME_RESYNC_INTERVAL", 1.0)


# The trainers' views (control, projector) get a database thread of their own:
# everything else (a room of phones joining and answering) queues in Channels'
# one database thread, and a control behind 500 joins waited seconds to
# connect (issue 13). One more database connection per process.
_priority_executor = ThreadPoolExecutor(
    max_workers=1, thread_name_prefix="realtime-priority"
)


def priority_database_sync_to_async(function):
    """Like ``database_sync_to_async``, in the trainers' own database thread."""
    return DatabaseSyncToAsync(
        function, thread_sensitive=False, executor=_priority_executor
    )


@dataclass
class Part:
    audiences: tuple[str, ...]
    message: dict


@dataclass
class Outgoing:
    """What one change sends: common parts in order, then personal messages."""

    parts: list[Part] = field(default_factory=list)
    personal: dict[int, dict] | None = None
    # The group's sequence number after this change (None: not numbered).
    seq: int | None = None
    # A connection that already has these messages (the control that acted).
    skip: str | None = None

    def add(self, audiences: Iterable[str], message: dict) -> None:
        self.parts.append(Part(tuple(audiences), message))

    def as_layer_message(self, group: str) -> dict:
        return {
            "type": FANOUT,
            "group": group,
            "seq": self.seq,
            "skip": self.skip,
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


# --- The websocket side: what every realtime consumer shares -------------------

# Close codes (documented in docs/live-quiz-protocol.md). Servers may only
# send 1000 or 3000-4999: Daphne refuses 1009 ("invalid close code") and the
# client then saw 1011.
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_LARGE = 4413
CLOSE_ABUSE = 4429
CLOSE_SERVER_ERROR = 4500
CLOSE_BUSY = 4503

MAX_MESSAGE = 4096  # bytes; the largest real answer is a 200-character text
MAX_DEPTH = 5  # nesting of arrays and objects; real messages use 3
# Token bucket per connection: a burst of RATE_BURST, then RATE_PER_SECOND.
RATE_BURST = 10
RATE_PER_SECOND = 4.0
# A connection that keeps misbehaving is closed.
MAX_REFUSALS = 50


class Refused(Exception):
    """A refused request, with a code for clients and a message for people."""

    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


class TokenBucket:
    """A burst of ``burst``, then ``per_second`` on average."""

    def __init__(self, burst: float, per_second: float) -> None:
        self.burst = burst
        self.per_second = per_second
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(
            self.burst, self.tokens + (now - self.updated) * self.per_second
        )
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def full(self) -> bool:
        elapsed = time.monotonic() - self.updated
        return self.tokens + elapsed * self.per_second >= self.burst


class Buckets:
    """Token buckets by key (an address, a session), in this process."""

    def __init__(self, burst: float, per_second: float) -> None:
        self.burst = burst
        self.per_second = per_second
        self.buckets: dict = {}

    def allow(self, key) -> bool:
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) > 10_000:  # forget the keys that are idle again
                self.buckets = {k: b for k, b in self.buckets.items() if not b.full()}
            bucket = self.buckets[key] = TokenBucket(self.burst, self.per_second)
        return bucket.allow()


def client_address(scope) -> str:
    """The client's address: behind ``TRUSTED_PROXY_COUNT`` proxies, the one
    they forwarded (``lms.net``), whatever the server's proxy-headers flag."""
    return client_ip_from_scope(scope)


def _too_deep(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def parse_frame(raw: str | bytes, max_depth: int = MAX_DEPTH) -> dict | None:
    """A client's message, or None when it is not a JSON object with a
    ``type`` (also when nested too deep: a deep array made ``json`` raise
    ``RecursionError`` and killed the consumer)."""
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return None
    if _too_deep(message, max_depth):
        return None
    return message


_open_sockets: dict[str, int] = {}


def max_sockets_per_address() -> int:
    return getattr(settings, "REALTIME_MAX_SOCKETS_PER_ADDRESS", 300)


class RealtimeConsumer(AsyncWebsocketConsumer):
    """A websocket on the hub that nothing a client sends can kill or leak.

    - Every frame is checked here: over ``MAX_MESSAGE`` bytes is closed with
      4413; not JSON, nested too deep, not an object with a known ``type``:
      an ``error`` (``malformed``, ``unknown_type``); more than the rate: an
      ``error`` (``rate_limited``). Every refusal counts; ``MAX_REFUSALS``
      close with 4429.
    - Any exception of a handler becomes an ``error`` (``server_error``) for
      that message; the connection goes on.
    - Whatever ends the connection (a close, an exception, a cancelled task),
      it leaves the hub and its address count: ``try/finally`` around the
      consumer's whole life, not only ``disconnect``.
    - The hub is the socket's only link to the channel layer: it has no
      channel of its own (one fewer subscription per phone, and a channel
      layer that is down cannot close it).
    - Sockets of the roles in ``limited_roles`` count per client address;
      over ``REALTIME_MAX_SOCKETS_PER_ADDRESS`` in this process they are
      closed with 4503 at once, before any database work.
    """

    role = ""
    participant_id = None
    limited_roles = ("participant",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.key = uuid.uuid4().hex
        self.group: str | None = None
        self.attached = False
        self.ready = False  # receives messages only once set up
        self.address = ""
        self.counted = False
        self.language = "sr"
        self.script = "cyr"
        self.limiter = TokenBucket(RATE_BURST, RATE_PER_SECOND)
        self.refusals = 0

    async def __call__(self, scope, receive, send) -> None:
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            await await_many_dispatch([receive], self.dispatch)
        except StopConsumer:
            pass
        finally:
            await self.leave()

    async def dispatch(self, message) -> None:
        """One message; a failing handler costs the message, not the socket.

        Channels' own dispatch also closes stale database connections before
        every message; every database call here goes through
        ``database_sync_to_async``, which does that itself.
        """
        kind = message.get("type", "")
        handler = {
            "websocket.connect": self.websocket_connect,
            "websocket.receive": self.websocket_receive,
            "websocket.disconnect": self.websocket_disconnect,
        }.get(kind)
        if handler is None:
            logger.warning("realtime: unexpected message %r", kind)
            return
        try:
            await handler(message)
        except StopConsumer:
            raise
        except Exception:
            logger.exception("realtime: %s failed (%s)", kind, self.role)
            await self._failed(kind)

    async def _failed(self, kind: str) -> None:
        from django.utils.translation import gettext_lazy as _

        try:
            if kind == "websocket.connect":
                await self.close(code=CLOSE_SERVER_ERROR)
            elif kind == "websocket.receive":
                await self.refuse(
                    "server_error",
                    _("Something went wrong on the server. Try again."),
                )
        except Exception:
            logger.debug("realtime: socket already gone", exc_info=True)

    async def websocket_connect(self, message) -> None:
        self.address = client_address(self.scope)
        self.language = language_for(self.scope)
        self.script = script_for(self.scope)
        if self.role in self.limited_roles:
            if _open_sockets.get(self.address, 0) >= max_sockets_per_address():
                from django.utils.translation import gettext_lazy as _

                await self.accept()
                await self.refuse(
                    "busy",
                    _(
                        "Too many connections from your network. "
                        "Wait a minute and try again."
                    ),
                )
                await self.close(code=CLOSE_BUSY)
                return
            _open_sockets[self.address] = _open_sockets.get(self.address, 0) + 1
            self.counted = True
        await self.connect()

    async def leave(self) -> None:
        self.ready = False
        if self.counted:
            self.counted = False
            left = _open_sockets.get(self.address, 1) - 1
            if left > 0:
                _open_sockets[self.address] = left
            else:
                _open_sockets.pop(self.address, None)
        if self.attached:
            self.attached = False
            try:
                await get_hub().detach(self.group, self)
            except Exception:
                logger.exception("realtime: detach failed")

    async def disconnect(self, code) -> None:
        await self.leave()

    async def attach(self, group: str) -> None:
        self.group = group
        await get_hub().attach(group, self)
        self.attached = True

    # --- Sending ---------------------------------------------------------------

    async def send_text(self, text: str) -> None:
        """Called by the hub with text in this socket's script; a closed socket
        is skipped."""
        try:
            await self.send(text_data=text)
        except Exception:
            logger.debug("realtime: send to a closed socket", exc_info=True)

    async def send_message(self, message: dict) -> None:
        text = encode(message)
        if self.script == "lat":
            text = to_latin(text)
        await self.send(text_data=text)

    async def send_outgoing(self, outgoing: Outgoing) -> None:
        """The parts of ``outgoing`` meant for this socket's role, in order."""
        for part in outgoing.parts:
            if self.role in part.audiences:
                await self.send_message(part.message)

    async def refuse(self, code: str, message, ref=None) -> None:
        # Serbian Latin is Serbian, transliterated on the way out.
        language = "sr" if self.language == "sr-latn" else self.language
        with translation.override(language):
            text = str(message)
        reply = {"type": "error", "code": code, "message": text}
        if ref is not None:
            reply["ref"] = ref
        await self.send_message(reply)

    async def misbehaved(self, code: str, message, ref=None) -> None:
        self.refusals += 1
        await self.refuse(code, message, ref)
        if self.refusals >= MAX_REFUSALS:
            await self.close(code=CLOSE_ABUSE)
            self.ready = False

    # --- Receiving -------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None) -> None:
        from django.utils.translation import gettext_lazy as _

        if not self.ready:
            return
        raw = text_data if text_data is not None else bytes_data or b""
        size = len(raw.encode() if isinstance(raw, str) else raw)
        if size > MAX_MESSAGE:
            self.ready = False
            await self.refuse("too_large", _("The message is too large."))
            await self.close(code=CLOSE_TOO_LARGE)
            return
        message = parse_frame(raw)
        ref = None
        if message is not None:
            ref = message.get("ref")
            if ref is not None and (
                isinstance(ref, bool)
                or not isinstance(ref, int | str)
                or len(str(ref)) > 40
            ):
                ref = None
        if not self.limiter.allow():
            await self.misbehaved(
                "rate_limited", _("Too many messages: wait a moment."), ref
            )
            return
        if message is None:
            await self.misbehaved("malformed", _("The message could not be read."))
            return
        kind = message["type"]
        if kind == "ping":
            await self.send_message({"type": "pong", "ref": ref})
            return
        handler = None
        if kind.isidentifier() and len(kind) <= 20:
            handler = getattr(self, f"on_{kind}", None)
        if handler is None:
            await self.misbehaved("unknown_type", _("Unknown message type."), ref)
            return
        try:
            await handler(message, ref)
        except Refused as error:
            await self.misbehaved(error.code, error.message, ref)


# --- Who is on the socket, without queueing behind the room ---------------------

STAFF_PATH_ENDINGS = ("/control/", "/screen/")


class RealtimeAuthMiddleware:
    """Channels' ``AuthMiddleware``, with two lanes to the database.

    A socket without a session cookie (a guest's phone, a projector opened
    with its key) is anonymous at once: no trip to the database thread. A
    trainer's control or projector (paths ending in ``STAFF_PATH_ENDINGS``)
    loads its user in the trainers' own database thread, so that a flood of
    guests queued in Channels' database thread cannot delay it.
    """

    def __init__(self, inner) -> None:
        from channels.auth import AuthMiddleware

        self.inner = AuthMiddleware(inner)
        self.inner.resolve_scope = self.resolve_scope

    async def resolve_scope(self, scope) -> None:
        from channels.auth import get_user
        from django.contrib.auth.models import AnonymousUser

        cookie = settings.SESSION_COOKIE_NAME
        if not (scope.get("cookies") or {}).get(cookie):
            scope["user"]._wrapped = AnonymousUser()
            return
        if str(scope.get("path", "")).endswith(STAFF_PATH_ENDINGS):
            scope["user"]._wrapped = await priority_database_sync_to_async(
                get_user.func
            )(scope)
        else:
            scope["user"]._wrapped = await get_user(scope)

    async def __call__(self, scope, receive, send):
        return await self.inner(scope, receive, send)


def RealtimeAuthMiddlewareStack(inner):  # noqa: N802 - as Channels names its stack
    from channels.sessions import CookieMiddleware, SessionMiddleware

    return CookieMiddleware(SessionMiddleware(RealtimeAuthMiddleware(inner)))
