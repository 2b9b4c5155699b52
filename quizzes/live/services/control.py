"""Control: what a session's trainers do to it, and the clock that closes a question.

``session_control`` applies one action under a row lock on the session, so
two controls (a trainer's phone and laptop) act one after the other.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes.models import (
    LiveAnswer,
    LiveKind,
    LiveQuestion,
    LiveSession,
    Moderation,
    Phase,
)

from .errors import LiveError
from .sessions import session_control_allowed


@dataclass
class Change:
    """What a control action changed, for the broadcaster."""

    session: LiveSession
    question: LiveQuestion | None = None
    revealed: bool = False
    results_changed: bool = False


ACTIONS = {
    "next",
    "previous",
    "show",
    "open",
    "close",
    "reveal",
    "leaderboard",
    "finish",
    "moderate",
}


def _bump(session: LiveSession, **fields) -> None:
    fields["version"] = F("version") + 1
    LiveSession.objects.filter(pk=session.pk).update(**fields)
    session.refresh_from_db()


def _close(question: LiveQuestion, now) -> None:
    if question.opened_at and not question.closed_at:
        question.closed_at = min(now, question.closes_at) if question.closes_at else now
        question.save(update_fields=["closed_at"])


def session_control(
    *, session_id: int, user, action: str, data: dict | None = None
) -> Change:
    """Apply one control action; only the session's trainers and staff may."""
    data = data or {}
    if action not in ACTIONS:
        raise LiveError("unknown_action", _("Unknown action."))
    with transaction.atomic():
        try:
            session = (
                LiveSession.objects.select_for_update(of=("self",))
                .select_related("current")
                .get(pk=session_id)
            )
        except LiveSession.DoesNotExist:
            raise LiveError("not_found", _("There is no such session.")) from None
        if not session_control_allowed(session=session, user=user):
            raise LiveError("forbidden", _("Only the session's trainers may run it."))
        if session.phase == Phase.FINISHED and action != "moderate":
            raise LiveError("finished", _("The session has finished."))
        return _ACTION_HANDLERS[action](session, data, timezone.now())


def _show(session: LiveSession, question: LiveQuestion | None, now) -> Change:
    if question is None:
        raise LiveError("no_question", _("There is no such question."))
    if session.current and session.current.pk != question.pk:
        _close(session.current, now)
    if question.shown_at is None:
        question.shown_at = now
        question.save(update_fields=["shown_at"])
    _bump(
        session,
        current=question,
        phase=Phase.REVEALED if question.revealed_at else Phase.SHOWN,
        started_at=session.started_at or now,
    )
    return Change(session, question, revealed=bool(question.revealed_at))


def _next(session, data, now):
    position = session.current.position if session.current else 0
    question = (
        session.questions.filter(position__gt=position).order_by("position").first()
    )
    return _show(session, question, now)


def _previous(session, data, now):
    position = session.current.position if session.current else 1
    question = (
        session.questions.filter(position__lt=position).order_by("-position").first()
    )
    return _show(session, question, now)


def _show_one(session, data, now):
    try:
        question_id = int(data.get("question"))
    except (TypeError, ValueError):
        question_id = None
    return _show(session, session.questions.filter(pk=question_id).first(), now)


def _current(session) -> LiveQuestion:
    if session.current is None:
        raise LiveError("no_question", _("No question is on the screen."))
    return session.current


def _open(session, data, now):
    question = _current(session)
    if question.revealed_at:
        raise LiveError(
            "revealed", _("The results of this question are already shown.")
        )
    question.opened_at = question.opened_at or now
    question.closed_at = None
    limit = question.time_limit
    if "time_limit" in data:
        try:
            limit = (
                max(5, min(600, int(data["time_limit"])))
                if data["time_limit"]
                else None
            )
        except (TypeError, ValueError):
            raise LiveError(
                "invalid", _("The time limit must be a number of seconds.")
            ) from None
    if session.is_reflective:
        limit = None  # no clock on sensitive questions
    question.closes_at = now + timedelta(seconds=limit) if limit else None
    question.save(update_fields=["opened_at", "closed_at", "closes_at"])
    _bump(session, phase=Phase.OPEN)
    return Change(session, question)


def _close_action(session, data, now):
    question = _current(session)
    _close(question, now)
    if session.phase == Phase.OPEN:
        _bump(session, phase=Phase.CLOSED)
    return Change(session, question)


def _reveal(session, data, now):
    question = _current(session)
    _close(question, now)
    if question.revealed_at is None:
        question.revealed_at = now
        question.save(update_fields=["revealed_at"])
    _bump(session, phase=Phase.REVEALED)
    return Change(session, question, revealed=True)


def _leaderboard(session, data, now):
    if not session.show_leaderboard:
        raise LiveError("no_leaderboard", _("This session has no leaderboard."))
    if session.current:
        _close(session.current, now)
    _bump(session, phase=Phase.LEADERBOARD)
    return Change(session, session.current)


def _finish(session, data, now):
    if session.current:
        _close(session.current, now)
    _bump(session, phase=Phase.FINISHED, finished_at=now)
    return Change(session, session.current)


def _moderate(session, data, now):
    status = data.get("status")
    if status not in (Moderation.APPROVED, Moderation.HIDDEN, Moderation.PENDING):
        raise LiveError("invalid", _("Unknown moderation decision."))
    try:
        answer_id = int(data.get("answer"))
    except (TypeError, ValueError):
        raise LiveError("invalid", _("There is no such answer.")) from None
    updated = LiveAnswer.objects.filter(
        pk=answer_id, question__session=session, question__kind=LiveKind.OPEN
    ).update(moderation=status)
    if not updated:
        raise LiveError("invalid", _("There is no such answer."))
    question = LiveQuestion.objects.get(answers__pk=answer_id)
    return Change(session, question, results_changed=True)


_ACTION_HANDLERS = {
    "next": _next,
    "previous": _previous,
    "show": _show_one,
    "open": _open,
    "close": _close_action,
    "reveal": _reveal,
    "leaderboard": _leaderboard,
    "finish": _finish,
    "moderate": _moderate,
}


def timer_expire(*, session_id: int, question_id: int) -> Change | None:
    """Close a question whose clock ran out (idempotent; any process may call)."""
    with transaction.atomic():
        session = (
            LiveSession.objects.select_for_update(of=("self",))
            .select_related("current")
            .get(pk=session_id)
        )
        question = session.current
        if (
            session.phase != Phase.OPEN
            or question is None
            or question.pk != question_id
            or question.closes_at is None
            or question.closes_at > timezone.now()
        ):
            return None
        _close(question, timezone.now())
        _bump(session, phase=Phase.CLOSED)
        return Change(session, question)
