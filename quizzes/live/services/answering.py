"""Answering: a phone's answer checked, put in canonical form, scored and stored.

Scoring is ``quizzes.scoring``'s, the same rules as self-paced play; what is
live-only is the checking of what a phone sends (``answer_normalise``) and
storing a room's answers in one transaction (``answers_store``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quizzes.models import (
    LiveAnswer,
    LiveKind,
    LiveParticipant,
    LiveQuestion,
    Moderation,
)
from quizzes.models.live import SCORED_KINDS
from quizzes.scoring import score_answer

from .errors import LiveError

TEXT_ANSWER_MAX = 200
WORD_CLOUD_MAX = 40


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


def _chosen_ids(values, allowed: set[int]) -> list[int]:
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


def answer_normalise(*, question: LiveQuestion, response) -> tuple[dict, str]:
    """The response in its canonical form and its text; LiveError if invalid."""
    if not isinstance(response, dict):
        raise LiveError("invalid", _("The answer is not in the expected form."))
    kind = question.kind
    if kind in (LiveKind.SINGLE, LiveKind.TRUE_FALSE):
        if response.get("option") in (None, ""):
            raise LiveError("invalid", _("Choose an answer."))
        chosen = _chosen_ids([response.get("option")], question.option_ids)
        return {"option": chosen[0]}, ""
    if kind == LiveKind.MULTIPLE:
        chosen = _chosen_ids(response.get("options"), question.option_ids)
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


def answer_score(*, question: LiveQuestion, response: dict) -> bool | None:
    """Whether the answer is right, or None for questions without a right answer."""
    if question.kind not in SCORED_KINDS:
        return None
    return score_answer(
        kind=question.kind,
        response=response,
        correct_ids=question.correct_ids,
        accepted=question.accepted_answers,
    ).correct


def answers_store(*, session_id: int, submissions: list[Submission]) -> list[Stored]:
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
                response, text = answer_normalise(
                    question=question, response=submission.response
                )
            except LiveError as error:
                outcome.error = error
                continue
            correct = answer_score(question=question, response=response)
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


def session_scores(*, session_id: int) -> dict[int, int]:
    """Each participant's points from the questions whose results were shown."""
    totals = (
        LiveAnswer.objects.filter(
            question__session_id=session_id, question__revealed_at__isnull=False
        )
        .values("participant_id")
        .annotate(total=Sum("points"))
    )
    return {row["participant_id"]: row["total"] or 0 for row in totals}
