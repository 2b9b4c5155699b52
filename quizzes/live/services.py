"""What changes a live session: create, control, join, answer, moderate.

Plain synchronous functions: the websocket consumers call them through
``database_sync_to_async``, the views and tests call them directly. Each
returns what changed; broadcasting is the caller's job, after the commit.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.realtime import Refused
from lms.text import search_key
from quizzes.models import (
    LiveAnswer,
    LiveKind,
    LiveParticipant,
    LiveQuestion,
    LiveSession,
    Moderation,
    Phase,
    QuestionKind,
    Quiz,
)
from quizzes.models.live import CHOICE_KINDS, new_join_code

NICKNAME_MAX = 40
TEXT_ANSWER_MAX = 200
WORD_CLOUD_MAX = 40
OPTIONS_MAX = 12


NICKNAME_TAKEN = _("Someone in the room already uses this nickname.")


class LiveError(Refused):
    """A refused request, with a code for clients and a message for people."""


# --- Sessions ------------------------------------------------------------------

# Bank kinds that can be played live, and what they become.
_FROM_BANK = {
    QuestionKind.SINGLE: LiveKind.SINGLE,
    QuestionKind.MULTIPLE: LiveKind.MULTIPLE,
    QuestionKind.TRUE_FALSE: LiveKind.TRUE_FALSE,
    QuestionKind.SHORT_TEXT: LiveKind.SHORT_TEXT,
}


@dataclass
class CreatedSession:
    session: LiveSession
    skipped: list[str] = field(default_factory=list)


def _unique_code() -> str:
    for _attempt in range(20):
        code = new_join_code()
        if not LiveSession.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free join code")  # 31^6 codes: practically unreachable


@transaction.atomic
def session_create(
    *,
    user,
    title: str,
    quiz: Quiz | None = None,
    training=None,
    mode: str = "quiz",
    allow_guests: bool = True,
    show_leaderboard: bool = True,
) -> CreatedSession:
    """A new session in the lobby, with the quiz's questions copied in."""
    session = LiveSession.objects.create(
        code=_unique_code(),
        title=title,
        quiz=quiz,
        training=training,
        mode=mode,
        allow_guests=allow_guests,
        show_leaderboard=show_leaderboard and mode == "quiz",
        created_by=user if user and user.is_authenticated else None,
    )
    created = CreatedSession(session)
    if quiz is None:
        return created
    position = 0
    placements = quiz.quiz_questions.select_related("question").prefetch_related(
        "question__options"
    )
    questions = []
    for placement in placements:
        bank = placement.question
        kind = _FROM_BANK.get(bank.kind)
        if kind is None:
            created.skipped.append(bank.text)
            continue
        position += 1
        questions.append(
            LiveQuestion(
                session=session,
                position=position,
                kind=kind,
                text=bank.text,
                options=[
                    {"id": option.pk, "text": option.text, "correct": option.is_correct}
                    for option in bank.options.all()
                ],
                accepted_answers=bank.accepted_answer_list,
                explanation=bank.explanation,
                points=placement.points,
                source=bank,
            )
        )
    LiveQuestion.objects.bulk_create(questions)
    return created


def question_add(
    session: LiveSession,
    *,
    kind: str,
    text: str,
    options: list[str] | None = None,
    correct: list[int] | None = None,
    points: int = 1,
    time_limit: int | None = None,
    scale_max: int = 5,
) -> LiveQuestion:
    """A question made on the spot, added at the end of the session."""
    if session.phase == Phase.FINISHED:
        raise LiveError("finished", _("The session has finished."))
    correct = set(correct or [])
    option_list = []
    if kind in CHOICE_KINDS:
        texts = [t.strip() for t in options or [] if t and t.strip()]
        if kind == LiveKind.TRUE_FALSE and not texts:
            texts = [str(_("True")), str(_("False"))]
        option_list = [
            {"id": number, "text": value, "correct": number in correct}
            for number, value in enumerate(texts[:OPTIONS_MAX], start=1)
        ]
    with transaction.atomic():
        # Two trainers adding a question at once must not take one position.
        LiveSession.objects.select_for_update().filter(pk=session.pk).first()
        last = session.questions.aggregate(last=Max("position"))["last"] or 0
        return LiveQuestion.objects.create(
            session=session,
            position=last + 1,
            kind=kind,
            text=text,
            options=option_list,
            points=points if correct else 0,
            time_limit=time_limit,
            scale_max=scale_max,
        )


def can_control(user, session: LiveSession) -> bool:
    if not user or not user.is_authenticated:
        return False
    return LiveSession.objects.controlled_by(user).filter(pk=session.pk).exists()


# --- Control -----------------------------------------------------------------


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


def control(session_id: int, user, action: str, data: dict | None = None) -> Change:
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
        if not can_control(user, session):
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


def expire_timer(session_id: int, question_id: int) -> Change | None:
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


# --- Joining -----------------------------------------------------------------


def participant_join(
    session: LiveSession, *, user=None, nickname: str = "", token: str = ""
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
    joined = participants_join(session, [JoinRequest(None, nickname, "")])[0]
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


SESSION_FULL = _("This session is full: no more guests can join.")


def participants_join(
    session: LiveSession, requests: list[JoinRequest]
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
                outcomes[index].participant = participant_join(session, user=user)
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


# --- Answering ---------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    participant_id: int
    question_id: int
    response: dict


@dataclass
class Stored:
    """The outcome of one submission: stored, or refused with an error."""

    submission: Submission
    error: LiveError | None = None
    response: dict | None = None


def _ints(values, allowed: set[int]) -> list[int]:
    result = []
    for value in values if isinstance(values, list) else []:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise LiveError("invalid", _("That is not one of the options."))
        try:
            number = int(value)
        except ValueError:
            raise LiveError("invalid", _("That is not one of the options.")) from None
        if number not in allowed:
            raise LiveError("invalid", _("That is not one of the options."))
        if number not in result:
            result.append(number)
    return result


def normalise(question: LiveQuestion, response) -> tuple[dict, str]:
    """The response in its canonical form and its text; LiveError if invalid."""
    if not isinstance(response, dict):
        raise LiveError("invalid", _("The answer is not in the expected form."))
    kind = question.kind
    if kind in (LiveKind.SINGLE, LiveKind.TRUE_FALSE):
        if response.get("option") in (None, ""):
            raise LiveError("invalid", _("Choose an answer."))
        chosen = _ints([response.get("option")], question.option_ids)
        return {"option": chosen[0]}, ""
    if kind == LiveKind.MULTIPLE:
        chosen = _ints(response.get("options"), question.option_ids)
        if not chosen:
            raise LiveError("invalid", _("Choose at least one option."))
        return {"options": sorted(chosen)}, ""
    if kind == LiveKind.RATING:
        value = response.get("value")
        if isinstance(value, bool) or not isinstance(value, int):
            raise LiveError("invalid", _("Choose a value on the scale."))
        if not 1 <= value <= question.scale_max:
            raise LiveError("invalid", _("Choose a value on the scale."))
        return {"value": value}, ""
    # Text answers.
    text = response.get("text")
    if not isinstance(text, str):
        raise LiveError("invalid", _("Write an answer."))
    text = " ".join(text.split())
    limit = WORD_CLOUD_MAX if kind == LiveKind.WORD_CLOUD else TEXT_ANSWER_MAX
    if not text:
        raise LiveError("invalid", _("Write an answer."))
    if len(text) > limit:
        raise LiveError(
            "too_long",
            # Lazy, so the phone's language is used when the message is sent.
            lazy(
                lambda: (
                    gettext("The answer may have at most %(limit)d characters.")
                    % {"limit": limit}
                ),
                str,
            )(),
        )
    return {"text": text}, text


def score(question: LiveQuestion, response: dict) -> bool | None:
    """Whether the answer is right, or None for questions without a right answer."""
    kind = question.kind
    if kind in (LiveKind.SINGLE, LiveKind.TRUE_FALSE):
        return response["option"] in question.correct_ids
    if kind == LiveKind.MULTIPLE:
        return set(response["options"]) == question.correct_ids
    if kind == LiveKind.SHORT_TEXT:
        accepted = {search_key(value) for value in question.accepted_answers}
        return search_key(response["text"]) in accepted
    return None


def answers_store(session_id: int, submissions: list[Submission]) -> list[Stored]:
    """Store a batch of answers in one transaction, one row per person and question.

    A later submission replaces an earlier one while the question is open; an
    answer to a closed question is refused and nothing of it is stored.
    """
    now = timezone.now()
    outcomes = [Stored(submission) for submission in submissions]
    question_ids = {s.question_id for s in submissions}
    participant_ids = {s.participant_id for s in submissions}
    with transaction.atomic():
        questions = {
            q.pk: q
            for q in LiveQuestion.objects.filter(
                pk__in=question_ids, session_id=session_id
            )
        }
        known = set(
            LiveParticipant.objects.filter(
                pk__in=participant_ids, session_id=session_id
            ).values_list("pk", flat=True)
        )
        rows: dict[tuple[int, int], LiveAnswer] = {}
        for outcome in outcomes:
            submission = outcome.submission
            question = questions.get(submission.question_id)
            try:
                if question is None or submission.participant_id not in known:
                    raise LiveError("not_found", _("There is no such question."))
                if (
                    not question.opened_at
                    or question.closed_at
                    or (question.closes_at and question.closes_at <= now)
                ):
                    raise LiveError("closed", _("Answering this question is closed."))
                response, text = normalise(question, submission.response)
            except LiveError as error:
                outcome.error = error
                continue
            correct = score(question, response)
            rows[(question.pk, submission.participant_id)] = LiveAnswer(
                question=question,
                participant_id=submission.participant_id,
                response=response,
                text=text,
                correct=correct,
                points=question.points if correct else 0,
                moderation=Moderation.PENDING if question.kind == LiveKind.OPEN else "",
                answered_at=now,
            )
            outcome.response = response
        if rows:
            LiveAnswer.objects.bulk_create(
                list(rows.values()),
                update_conflicts=True,
                unique_fields=["question", "participant"],
                update_fields=[
                    "response",
                    "text",
                    "correct",
                    "points",
                    "moderation",
                    "answered_at",
                ],
            )
    return outcomes


def scores(session_id: int) -> dict[int, int]:
    """Each participant's points from the questions whose results were shown."""
    totals = (
        LiveAnswer.objects.filter(
            question__session_id=session_id, question__revealed_at__isnull=False
        )
        .values("participant_id")
        .annotate(total=Sum("points"))
    )
    return {row["participant_id"]: row["total"] or 0 for row in totals}
