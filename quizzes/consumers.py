"""Websocket consumers of live sessions: phone, control and projector screen.

The protocol is documented in docs/live-quiz-protocol.md. Frames are checked,
parsed and rate-limited by ``lms.realtime.RealtimeConsumer``, which also holds
what every realtime consumer shares (close codes, guarded sends, Latin for
Latin readers) and says why it is an ``AsyncWebsocketConsumer`` and not the
JSON one (messages are encoded once per broadcast). Every change goes through
``quizzes.live.services`` and reaches the others through the hub.
"""

import logging
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from lms import realtime
from lms.realtime import (
    CLOSE_ABUSE,
    CLOSE_FORBIDDEN,
    CLOSE_NOT_FOUND,
    Buckets,
    encode,
    priority_database_sync_to_async,
)
from quizzes.live import hub, state
from quizzes.live.broadcast import change_outgoing, snapshot
from quizzes.live.services import (
    Joined,
    JoinRequest,
    LiveError,
    Submission,
    participants_join,
    session_control,
    session_control_allowed,
)
from quizzes.models import LiveSession, Phase

logger = logging.getLogger(__name__)

MAX_JOIN_ATTEMPTS = 10


def _setting(name: str, default):
    return getattr(settings, name, default)


# New guests per client address and session, in this process: a burst, then a
# steady rate (a room behind one Wi-Fi router shares one address).
_guest_buckets: dict[tuple, Buckets] = {}


def guest_join_allowed(session_id: int, address: str) -> bool:
    burst = _setting("LIVE_GUEST_JOINS_PER_ADDRESS", 100)
    rate = _setting("LIVE_GUEST_JOIN_RATE_PER_ADDRESS", 1.0)
    buckets = _guest_buckets.get((burst, rate))
    if buckets is None:
        buckets = _guest_buckets[(burst, rate)] = Buckets(burst, rate)
    return buckets.allow((session_id, address))


TOO_MANY_JOINS = _(
    "Too many people are joining from your network right now. "
    "Wait a few seconds and try again."
)

# Sessions by join code for a moment: a room of phones connecting at once
# finds its session without a database trip each. What may change (guests
# allowed, the phase) is read again from the database when a phone joins.
_sessions: dict[str, tuple[float, LiveSession]] = {}
SESSION_CACHE_SECONDS = 3.0


def _find_session(code: str) -> LiveSession | None:
    return LiveSession.objects.filter(code=code).first()


async def find_session(code: str, *, priority: bool = False) -> LiveSession | None:
    now = time.monotonic()
    cached = _sessions.get(code)
    if cached and cached[0] > now:
        return cached[1]
    run = priority_database_sync_to_async if priority else database_sync_to_async
    session = await run(_find_session)(code)
    if session is not None:
        if len(_sessions) > 1000:
            _sessions.clear()
        _sessions[code] = (now + SESSION_CACHE_SECONDS, session)
    return session


class LiveConsumer(realtime.RealtimeConsumer):
    """What every role shares: finding the session, the snapshot, ``sync``."""

    priority = False  # the trainers' views use their own database thread

    def db(self, function):
        if self.priority:
            return priority_database_sync_to_async(function)
        return database_sync_to_async(function)

    async def connect(self) -> None:
        self.session_id = None
        await self.accept()
        code = str(self.scope["url_route"]["kwargs"]["code"]).upper()
        session = await find_session(code, priority=self.priority)
        if session is None:
            await self.deny(
                CLOSE_NOT_FOUND, "not_found", _("There is no session with this code.")
            )
            return
        self.session_id = session.pk
        await self.start(session)

    async def start(self, session: LiveSession) -> None:
        raise NotImplementedError

    async def attach_session(self) -> None:
        await self.attach(hub.session_group(self.session_id))
        hub.watch(self.session_id)

    def _snapshot(self) -> list[str]:
        session = LiveSession.objects.select_related("current").get(pk=self.session_id)
        return [encode(message) for message in snapshot(session, self.role)]

    async def send_snapshot(self) -> None:
        """The whole picture for a (re)connecting client, from the database."""
        await self.send_texts(await self.db(self._snapshot)())

    async def on_sync(self, message: dict, ref) -> None:
        """A client that saw a gap in ``seq`` (or doubts) gets the present."""
        await self.send_snapshot()
        await self.after_sync()
        seq = await self.db(
            lambda: LiveSession.objects.values_list("version", flat=True).get(
                pk=self.session_id
            )
        )()
        await self.send_message({"type": "synced", "ref": ref, "seq": seq})

    async def after_sync(self) -> None:
        pass


class ParticipantConsumer(LiveConsumer):
    """A phone: joins, answers, and receives the session as it goes."""

    role = "participant"

    async def start(self, session: LiveSession) -> None:
        self.join_attempts = 0
        user = self.scope.get("user")
        await self.send_message(
            {
                "type": "welcome",
                "session": {
                    "code": session.code,
                    "title": session.title,
                    "guests": session.allow_guests,
                },
                # The middleware has already loaded the user: no database trip.
                "user": str(user.email)
                if user is not None and user.is_authenticated
                else None,
            }
        )
        self.ready = True

    async def on_join(self, message: dict, ref) -> None:
        self.join_attempts += 1
        if self.join_attempts > MAX_JOIN_ATTEMPTS:
            await self.deny(
                CLOSE_ABUSE, "rate_limited", _("Too many attempts to join."), ref
            )
            return
        token = message.get("token") if isinstance(message.get("token"), str) else ""
        nickname = (
            message.get("nickname") if isinstance(message.get("nickname"), str) else ""
        )
        user = self.scope.get("user")
        if user is not None and not user.is_authenticated:
            user = None
        # Guests without a token are new people: limited per address before
        # any database work, so a flood costs the server next to nothing.
        if user is None and not token:
            if not guest_join_allowed(self.session_id, self.address):
                raise LiveError("too_many_joins", TOO_MANY_JOINS)
        texts, joined, me = await hub.join(
            self.session_id, JoinRequest(user, nickname, token), self._join_batch
        )
        if joined.error is not None and joined.error.code == "unknown_token":
            # A stale token (another session, a reset database): a new guest.
            if not guest_join_allowed(self.session_id, self.address):
                raise LiveError("too_many_joins", TOO_MANY_JOINS)
            texts, joined, me = await hub.join(
                self.session_id, JoinRequest(None, nickname, ""), self._join_batch
            )
        if joined.error is not None:
            raise joined.error
        participant = joined.participant
        if self.participant_id and self.participant_id != participant.pk:
            raise LiveError("already_joined", _("This connection has already joined."))
        # Joined from here on: an answer sent after the ``state`` below counts.
        self.participant_id = participant.pk
        if not self.attached:
            await self.attach_session()
        await self.send_texts(texts)
        await self.send_message(me)
        hub.results_soon(self.session_id)

    def _join_batch(self, requests: list[JoinRequest]) -> list[tuple]:
        """Every join of the last few milliseconds, in one database trip: the
        session and its snapshot once, the participants in a few queries."""
        session = LiveSession.objects.select_related("current").get(pk=self.session_id)
        # A token that matches no one: the phone decides (a new guest, limited).
        unknown = set()
        tokens = [r.token[:40] for r in requests if r.token]
        if tokens:
            known = set(
                session.participants.filter(token__in=tokens).values_list(
                    "token", flat=True
                )
            )
            unknown = {
                i
                for i, r in enumerate(requests)
                if r.token and r.token[:40] not in known and r.user is None
            }
        outcomes = participants_join(
            session=session,
            requests=[r for i, r in enumerate(requests) if i not in unknown],
        )
        ordered = []
        it = iter(outcomes)
        for i in range(len(requests)):
            if i in unknown:
                ordered.append(Joined(error=LiveError("unknown_token", "")))
            else:
                ordered.append(next(it))
        joined_ones = [j.participant for j in ordered if j.participant is not None]
        mes = state.me_payloads(session, joined_ones)
        texts = [encode(message) for message in snapshot(session, self.role)]
        return [
            (
                texts,
                joined,
                mes.get(joined.participant.pk) if joined.participant else None,
            )
            for joined in ordered
        ]

    async def after_sync(self) -> None:
        if self.participant_id is None:
            return

        def me() -> dict:
            from quizzes.models import LiveParticipant

            session = LiveSession.objects.select_related("current").get(
                pk=self.session_id
            )
            participant = LiveParticipant.objects.get(pk=self.participant_id)
            return state.me_payload(participant, session)

        await self.send_message(await self.db(me)())

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

    priority = True
    limited_roles = ()

    async def start(self, session: LiveSession) -> None:
        user = self.scope.get("user")
        allowed = self.has_screen_key(session)
        if not allowed and user is not None and user.is_authenticated:
            allowed = await self.db(session_control_allowed)(user=user, session=session)
        if not allowed:
            await self.deny(
                CLOSE_FORBIDDEN,
                "forbidden",
                _("Only the session's trainers may open this view."),
            )
            self.session_id = None
            return
        await self.attach_session()
        await self.send_snapshot()
        if self.role == "control":
            await self.resume_clock()
        self.ready = True

    async def resume_clock(self) -> None:
        """A control that (re)connects takes over an open question's clock.

        The process that opened the question closes it on time; if that
        process has gone, the clock would otherwise stop at zero for everyone.
        """
        session = await self.db(LiveSession.objects.select_related("current").get)(
            pk=self.session_id
        )
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


NOT_DELIVERED = _(
    "The change is saved, but the room could not be reached just now. "
    "Phones and the projector will catch up as soon as the connection is back."
)


class ControlConsumer(StaffViewConsumer):
    """The trainer's control: every action is checked and applied on the server."""

    role = "control"

    async def on_action(self, message: dict, ref) -> None:
        """The acting control gets the change's messages directly, then ``done``
        (always in that order); the broadcast skips it. If the broadcast
        cannot be sent (the channel layer is down), an ``error``
        ``not_delivered`` comes before ``done``; the hubs repair it later."""
        action = message.get("action")
        data = message.get("data") if isinstance(message.get("data"), dict) else {}
        if not isinstance(action, str):
            raise LiveError("unknown_action", _("Unknown action."))
        change = await self.db(session_control)(
            session_id=self.session_id,
            user=self.scope.get("user"),
            action=action,
            data=data,
        )
        outgoing = await self.db(change_outgoing)(change)
        outgoing.skip = self.key
        await self.send_outgoing(outgoing)
        question = change.question
        if action == "open" and question is not None and question.closes_at:
            delay = (question.closes_at - timezone.now()).total_seconds()
            hub.schedule_close(self.session_id, question.pk, delay)
        try:
            await hub.publish(self.session_id, outgoing)
        except Exception:
            logger.warning("live: broadcast of %s failed", action, exc_info=True)
            await self.refuse("not_delivered", NOT_DELIVERED, ref)
        await self.send_message({"type": "done", "ref": ref, "action": action})
