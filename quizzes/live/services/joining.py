"""Joining: the phones of a room become participants, by account, token or nickname.

``participants_join`` serves a whole room at once in a few queries; a single
phone goes the same way (``participant_join``), so the rules are one.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lms.text import search_key
from quizzes.models import LiveParticipant, LiveSession, Phase

from .errors import LiveError

NICKNAME_MAX = 40

NICKNAME_TAKEN = _("Someone in the room already uses this nickname.")
SESSION_FULL = _("This session is full: no more guests can join.")


def participant_join(
    *, session: LiveSession, user=None, nickname: str = "", token: str = ""
) -> LiveParticipant:
    """The phone's participant: found again by token or account, or new."""
    if token:
        found = LiveParticipant.objects.filter(
            session=session, token=str(token)[:40]
        ).first()
        if found and (found.user_id is None or (user and found.user_id == user.pk)):
            return found
    if user is not None and user.is_authenticated:
        found = LiveParticipant.objects.filter(session=session, user=user).first()
        if found:
            return found
        try:
            with transaction.atomic():
                name = _display_name(user)
                return LiveParticipant.objects.create(
                    session=session,
                    user=user,
                    nickname=name,
                    nickname_key=search_key(name),
                )
        except IntegrityError:  # the same account joined from two phones at once
            return LiveParticipant.objects.get(session=session, user=user)
    # A guest: the same rules as a room of phones joining together.
    joined = participants_join(
        session=session, requests=[JoinRequest(None, nickname, "")]
    )[0]
    if joined.error is not None:
        raise joined.error
    return joined.participant


@dataclass(frozen=True)
class JoinRequest:
    """One phone's ``join``: its account (or None), nickname and stored token."""

    user: object | None
    nickname: str = ""
    token: str = ""


@dataclass
class Joined:
    participant: LiveParticipant | None = None
    error: LiveError | None = None


def max_guests() -> int:
    """How many guests one session takes (``LIVE_MAX_GUESTS_PER_SESSION``)."""
    return getattr(settings, "LIVE_MAX_GUESTS_PER_SESSION", 1000)


def _guest_nickname(session: LiveSession, nickname: str) -> tuple[str, str]:
    if session.phase == Phase.FINISHED:
        raise LiveError("finished", _("The session has finished."))
    if not session.allow_guests:
        raise LiveError(
            "login_required",
            _("Log in with your account to take part in this session."),
        )
    nickname = " ".join(str(nickname or "").split())[:NICKNAME_MAX]
    if not nickname:
        raise LiveError("nickname_required", _("Enter a nickname."))
    key = search_key(nickname)
    if not key:
        raise LiveError(
            "nickname_required", _("The nickname needs at least one letter or digit.")
        )
    return nickname, key


def participants_join(
    *, session: LiveSession, requests: list[JoinRequest]
) -> list[Joined]:
    """Many phones' joins at once, in a few queries whatever their number:
    what ``participant_join`` does for one (a room of phones joins within
    seconds; one query per phone kept 1,000 phones waiting for 40 s)."""
    outcomes = [Joined() for _request in requests]
    tokens = {str(r.token)[:40] for r in requests if r.token}
    by_token = (
        {
            p.token: p
            for p in LiveParticipant.objects.filter(session=session, token__in=tokens)
        }
        if tokens
        else {}
    )
    guests: list[tuple[int, str, str]] = []
    for index, request in enumerate(requests):
        user = request.user
        if user is not None and not user.is_authenticated:
            user = None
        found = by_token.get(str(request.token)[:40]) if request.token else None
        if found and (found.user_id is None or (user and found.user_id == user.pk)):
            outcomes[index].participant = found
            continue
        try:
            if user is not None:  # accounts: few, and never capped
                outcomes[index].participant = participant_join(
                    session=session, user=user
                )
                continue
            nickname, key = _guest_nickname(session, request.nickname)
        except LiveError as error:
            outcomes[index].error = error
            continue
        guests.append((index, nickname, key))
    if not guests:
        return outcomes
    taken = set(
        LiveParticipant.objects.filter(
            session=session, nickname_key__in={key for _i, _n, key in guests}
        ).values_list("nickname_key", flat=True)
    )
    room = (
        max_guests()
        - LiveParticipant.objects.filter(session=session, user__isnull=True).count()
    )
    new: list[tuple[int, LiveParticipant]] = []
    for index, nickname, key in guests:
        if key in taken:
            outcomes[index].error = LiveError("nickname_taken", NICKNAME_TAKEN)
        elif room <= 0:
            outcomes[index].error = LiveError("session_full", SESSION_FULL)
        else:
            taken.add(key)
            room -= 1
            new.append(
                (
                    index,
                    LiveParticipant(
                        session=session, nickname=nickname, nickname_key=key
                    ),
                )
            )
    try:
        with transaction.atomic():
            LiveParticipant.objects.bulk_create([p for _i, p in new])
    except IntegrityError:
        # Another process took one of these nicknames meanwhile: one by one.
        for _index, participant in new:
            participant.pk = None
            participant._state.adding = True
    else:
        for index, participant in new:
            outcomes[index].participant = participant
        return outcomes
    for index, participant in new:
        try:
            with transaction.atomic():
                participant.save(force_insert=True)
            outcomes[index].participant = participant
        except IntegrityError:
            outcomes[index].error = LiveError("nickname_taken", NICKNAME_TAKEN)
    return outcomes


def _display_name(user) -> str:
    """First name and the initial of the surname: enough for a leaderboard."""
    profile = getattr(user, "profile", None)
    first = (
        getattr(profile, "first_name", "") or getattr(user, "first_name", "")
    ).strip()
    last = (getattr(profile, "last_name", "") or getattr(user, "last_name", "")).strip()
    if first:
        return f"{first} {last[:1]}.".strip(" .") + ("." if last else "")
    return user.email.split("@")[0][:NICKNAME_MAX]
