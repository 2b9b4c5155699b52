"""The base of every realtime websocket consumer (live sessions, live exercise runs).

Why ``AsyncWebsocketConsumer`` and not Channels' ``AsyncJsonWebsocketConsumer``
(the house style for consumers): a broadcast is encoded once, in the process
that made the change, and reaches each socket as that same text
(``lms.realtime.outgoing``); with the JSON consumer every socket would encode
every message again (``send_json``), 1,000 times for a room of 1,000 phones
(bench/live_quiz.py measures the fan-out). Frames coming in
are parsed here too, with the limits of ``lms.realtime.limits`` that the JSON
consumer does not apply (size, depth, rate). Subclasses keep the JSON style in
spirit: they dispatch on the message ``type`` to ``on_<type>`` handlers and
send dicts with ``send_message``.
"""

import logging
import uuid

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.utils import await_many_dispatch
from django.conf import settings
from django.utils import translation

from lms.text import to_latin

from .hub import get_hub
from .limits import (
    CLOSE_ABUSE,
    CLOSE_BUSY,
    CLOSE_SERVER_ERROR,
    CLOSE_TOO_LARGE,
    MAX_MESSAGE,
    MAX_REFUSALS,
    RATE_BURST,
    RATE_PER_SECOND,
    Refused,
    TokenBucket,
    client_address,
    max_sockets_per_address,
    parse_frame,
)
from .outgoing import Outgoing, encode

logger = logging.getLogger("lms.realtime")


def language_for(scope) -> str:
    """The language a websocket client reads: the site's language cookie."""
    cookie = (scope.get("cookies") or {}).get(
        getattr(settings, "LANGUAGE_COOKIE_NAME", "lms_language"), ""
    )
    return cookie if cookie in ("sr", "sr-latn", "en") else "sr"


def script_for(scope) -> str:
    """ "lat" for Serbian Latin readers: texts are transliterated for them."""
    return "lat" if language_for(scope) == "sr-latn" else "cyr"


_open_sockets: dict[str, int] = {}


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
                await self.deny(
                    CLOSE_BUSY,
                    "busy",
                    _(
                        "Too many connections from your network. "
                        "Wait a minute and try again."
                    ),
                )
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

    def in_script(self, text: str) -> str:
        """Encoded (Cyrillic) text as this socket reads it: transliterated to
        Latin for Serbian Latin readers."""
        return to_latin(text) if self.script == "lat" else text

    async def send_message(self, message: dict) -> None:
        await self.send(text_data=self.in_script(encode(message)))

    async def send_texts(self, texts: list[str]) -> None:
        """Messages encoded once for many sockets, in this socket's script; a
        closed socket is skipped (``send_text``)."""
        for text in texts:
            await self.send_text(self.in_script(text))

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

    async def deny(self, close_code: int, code: str = "", message="", ref=None):
        """Close the socket with ``close_code`` (``CLOSE_FORBIDDEN`` 4403,
        ``CLOSE_NOT_FOUND`` 4404, ...), after an ``error`` frame when given a
        ``code``; it reads nothing more."""
        self.ready = False
        if code:
            await self.refuse(code, message, ref)
        await self.close(code=close_code)

    async def misbehaved(self, code: str, message, ref=None) -> None:
        self.refusals += 1
        await self.refuse(code, message, ref)
        if self.refusals >= MAX_REFUSALS:
            await self.deny(CLOSE_ABUSE)

    # --- Receiving -------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None) -> None:
        from django.utils.translation import gettext_lazy as _

        if not self.ready:
            return
        raw = text_data if text_data is not None else bytes_data or b""
        size = len(raw.encode() if isinstance(raw, str) else raw)
        if size > MAX_MESSAGE:
            await self.deny(
                CLOSE_TOO_LARGE, "too_large", _("The message is too large.")
            )
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
