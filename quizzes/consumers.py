"""Websocket consumers of live sessions: phone, control and projector screen.

The protocol is documented in docs/live-quiz-protocol.md. Every message from a
client is size-checked, parsed and rate-limited here; every change goes
through ``quizzes.live.services`` and reaches the others through the hub.
"""

import json
import logging
import time
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from lms import realtime
from lms.realtime import encode
from quizzes.live import hub, state
from quizzes.live.broadcast import change_outgoing
from quizzes.live.services import (
    LiveError,
    Submission,
    can_control,
    control,
    participant_join,
)
from quizzes.models import LiveSession, Phase

logger = logging.getLogger(__name__)

MAX_MESSAGE = 4096  # bytes; the largest real answer is a 200-character text
# Token bucket per connection: a burst of RATE_BURST, then RATE_PER_SECOND.
RATE_BURST = 10
RATE_PER_SECOND = 4.0
# A connection that keeps misbehaving is closed.
MAX_REFUSALS = 50
MAX_JOIN_ATTEMPTS = 10

CLOSE_NOT_FOUND = 4404
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_LARGE = 1009
CLOSE_ABUSE = 4429


class RateLimiter:
    def __init__(self, burst: int = RATE_BURST, per_second: float = RATE_PER_SECOND):
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


class LiveConsumer(AsyncWebsocketConsumer):
    """What every role shares: finding the session, parsing, limits, errors."""

    role = ""

    async def connect(self) -> None:
        self.session_id = None
        self.participant_id = None
        self.language = realtime.language_for(self.scope)
        self.script = realtime.script_for(self.scope)
        self.limiter = RateLimiter()
        self.refusals = 0
        self.attached = False
        await self.accept()
        code = str(self.scope["url_route"]["kwargs"]["code"]).upper()
        session = await database_sync_to_async(
            LiveSession.objects.filter(code=code).first
        )()
        if session is None:
            await self.refuse("not_found", _("There is no session with this code."))
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.session_id = session.pk
        await self.start(session)

    async def start(self, session: LiveSession) -> None:
        raise NotImplementedError

    async def dispatch(self, message) -> None:
        """Channels' dispatch without its trip to the database thread per message.

        Channels closes stale database connections before every handler; here
        every database call goes through ``database_sync_to_async``, which does
        that itself, so an answer or a ping costs no extra thread hop.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code) -> None:
        if self.attached:
            self.attached = False
            await hub.detach(self.session_id, self)

    async def attach(self) -> None:
        await hub.attach(self.session_id, self)
        self.attached = True

    async def send_text(self, text: str) -> None:
        """Called by the hub with an encoded message; a closed socket is skipped."""
        try:
            await self.send(text_data=text)
        except Exception:
            logger.debug("live: send to a closed socket", exc_info=True)

    async def send_message(self, message: dict) -> None:
        text = encode(message)
        if self.script == "lat":
            from lms.text import to_latin

            text = to_latin(text)
        await self.send(text_data=text)

    async def refuse(self, code: str, message, ref=None) -> None:
        # Serbian Latin is Serbian, transliterated on the way out.
        language = "sr" if self.language == "sr-latn" else self.language
        with translation.override(language):
            text = str(message)
        reply = {"type": "error", "code": code, "message": text}
        if ref is not None:
            reply["ref"] = ref
        await self.send_message(reply)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        if self.session_id is None:
            return
        raw = text_data if text_data is not None else bytes_data or b""
        size = len(raw.encode() if isinstance(raw, str) else raw)
        if size > MAX_MESSAGE:
            await self.refuse("too_large", _("The message is too large."))
            await self.close(code=CLOSE_TOO_LARGE)
            return
        if not self.limiter.allow():
            await self.misbehaved(
                "rate_limited", _("Too many messages: wait a moment.")
            )
            return
        try:
            message = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            message = None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await self.misbehaved("malformed", _("The message could not be read."))
            return
        ref = message.get("ref")
        if ref is not None and (not isinstance(ref, (int, str)) or len(str(ref)) > 40):
            ref = None
        if message["type"] == "ping":
            await self.send_message({"type": "pong", "ref": ref})
            return
        handler = getattr(self, f"on_{message['type']}", None)
        if handler is None:
            await self.misbehaved("unknown_type", _("Unknown message type."), ref)
            return
        try:
            await handler(message, ref)
        except LiveError as error:
            await self.misbehaved(error.code, error.message, ref)

    async def misbehaved(self, code: str, message, ref=None) -> None:
        self.refusals += 1
        await self.refuse(code, message, ref)
        if self.refusals >= MAX_REFUSALS:
            await self.close(code=CLOSE_ABUSE)

    async def send_snapshot(self) -> None:
        """The whole picture for a (re)connecting client, from the database."""
        messages = await database_sync_to_async(_snapshot)(self.session_id, self.role)
        for message in messages:
            await self.send_message(message)


def _snapshot(session_id: int, role: str) -> list[dict]:
    """What a (re)connecting client of ``role`` needs to show the session now.

    Only the control sees open answers waiting for approval.
    """
    session = LiveSession.objects.select_related("current").get(pk=session_id)
    messages = [state.state_payload(session)]
    question = session.current
    staff_view = role in ("control", "screen")
    if question and session.phase != Phase.LOBBY:
        if staff_view or session.phase == Phase.REVEALED:
            messages.append(
                state.results_payload(question, for_control=role == "control")
            )
    if staff_view:
        messages.append(state.presence_payload(session_id))
    if session.show_leaderboard and session.phase in (
        Phase.LEADERBOARD,
        Phase.FINISHED,
    ):
        messages.append(state.leaderboard_payload(session))
    return messages


class ParticipantConsumer(LiveConsumer):
    """A phone: joins, answers, and receives the session as it goes."""

    role = "participant"

    async def start(self, session: LiveSession) -> None:
        self.join_attempts = 0
        self.is_guest_allowed = session.allow_guests
        await self.send_message(
            {
                "type": "welcome",
                "session": {
                    "code": session.code,
                    "title": session.title,
                    "guests": session.allow_guests,
                },
                "user": await self._user_name(),
            }
        )

    @database_sync_to_async
    def _user_name(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        return str(user.email)

    async def on_join(self, message: dict, ref) -> None:
        self.join_attempts += 1
        if self.join_attempts > MAX_JOIN_ATTEMPTS:
            await self.refuse("rate_limited", _("Too many attempts to join."), ref)
            await self.close(code=CLOSE_ABUSE)
            return
        token = message.get("token") if isinstance(message.get("token"), str) else ""
        nickname = (
            message.get("nickname") if isinstance(message.get("nickname"), str) else ""
        )
        me = await database_sync_to_async(self._join)(token, nickname)
        if not self.attached:
            await self.attach()
        await self.send_snapshot()
        await self.send_message(me)
        hub.results_soon(self.session_id)

    def _join(self, token: str, nickname: str) -> dict:
        session = LiveSession.objects.select_related("current").get(pk=self.session_id)
        participant = participant_join(
            session, user=self.scope.get("user"), nickname=nickname, token=token
        )
        if self.participant_id and self.participant_id != participant.pk:
            raise LiveError("already_joined", _("This connection has already joined."))
        self.participant_id = participant.pk
        return state.me_payload(participant, session)

    async def on_answer(self, message: dict, ref) -> None:
        if self.participant_id is None:
            raise LiveError("not_joined", _("Join the session first."))
        question = message.get("question")
        if isinstance(question, bool) or not isinstance(question, int):
            raise LiveError("invalid", _("There is no such question."))
        outcome = await hub.submit(
            self.session_id,
            Submission(self.participant_id, question, message.get("response")),
        )
        if outcome.error is not None:
            raise outcome.error
        await self.send_message(
            {
                "type": "ack",
                "ref": ref,
                "question": question,
                "response": outcome.response,
            }
        )


class StaffViewConsumer(LiveConsumer):
    """Control and screen: only the session's trainers and staff."""

    async def start(self, session: LiveSession) -> None:
        user = self.scope.get("user")
        allowed = self.has_screen_key(session) or await database_sync_to_async(
            can_control
        )(user, session)
        if not allowed:
            await self.refuse(
                "forbidden", _("Only the session's trainers may open this view.")
            )
            await self.close(code=CLOSE_FORBIDDEN)
            self.session_id = None
            return
        await self.attach()
        await self.send_snapshot()
        if self.role == "control":
            await self.resume_clock()

    async def resume_clock(self) -> None:
        """A control that (re)connects takes over an open question's clock.

        The process that opened the question closes it on time; if that
        process has gone, the clock would otherwise stop at zero for everyone.
        """
        session = await database_sync_to_async(
            LiveSession.objects.select_related("current").get
        )(pk=self.session_id)
        question = session.current
        if session.phase == Phase.OPEN and question and question.closes_at:
            delay = (question.closes_at - timezone.now()).total_seconds()
            hub.schedule_close(self.session_id, question.pk, delay)

    def has_screen_key(self, session: LiveSession) -> bool:
        return False


class ScreenConsumer(StaffViewConsumer):
    """The projector: shows what the control decides; sends nothing but pings.

    A room computer may open it with the session's screen key instead of a
    login (``?kljuc=`` in the websocket URL); it receives what the room sees.
    """

    role = "screen"

    def has_screen_key(self, session: LiveSession) -> bool:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        key = (query.get("kljuc") or [""])[0]
        return bool(key) and constant_time_compare(key, session.screen_key)


class ControlConsumer(StaffViewConsumer):
    """The trainer's control: every action is checked and applied on the server."""

    role = "control"

    async def on_action(self, message: dict, ref) -> None:
        action = message.get("action")
        data = message.get("data") if isinstance(message.get("data"), dict) else {}
        if not isinstance(action, str):
            raise LiveError("unknown_action", _("Unknown action."))
        change = await database_sync_to_async(control)(
            self.session_id, self.scope.get("user"), action, data
        )
        outgoing = await database_sync_to_async(change_outgoing)(change)
        await hub.publish(self.session_id, outgoing)
        question = change.question
        if action == "open" and question is not None and question.closes_at:
            delay = (question.closes_at - timezone.now()).total_seconds()
            hub.schedule_close(self.session_id, question.pk, delay)
        await self.send_message({"type": "done", "ref": ref, "action": action})
