"""Operations that change quiz attempts: start, answer, submit."""

import random
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Answer, Attempt, FeedbackMode, Quiz
from .scoring import score_response
from .selectors import options_for, quiz_questions
from .signals import attempt_submitted


class QuizError(Exception):
    """An attempt cannot be started or changed; the message is for the learner."""


class AttemptLimitReached(QuizError):
    pass


class TimeIsUp(QuizError):
    pass


TIME_UP = _("Time is up: answers given after the limit do not count.")


class AnswerLocked(QuizError):
    pass


def attempts_left(*, quiz: Quiz, user, used: int | None = None) -> int | None:
    """How many attempts the learner may still start (None: no limit)."""
    if not quiz.max_attempts:
        return None
    if used is None:
        used = Attempt.objects.filter(quiz=quiz, user=user).count()
    return max(quiz.max_attempts - used, 0)


@transaction.atomic
def attempt_start(
    *, quiz: Quiz, user, now: datetime | None = None, return_url: str = ""
) -> Attempt:
    """Resume the learner's open attempt, or start a new one within the limit."""
    now = now or timezone.now()
    open_attempt = Attempt.objects.open().filter(quiz=quiz, user=user).last()
    if open_attempt and not open_attempt.time_is_up(now):
        return open_attempt
    if open_attempt:
        attempt_submit(attempt=open_attempt, now=now)
    used = Attempt.objects.filter(quiz=quiz, user=user).count()
    if attempts_left(quiz=quiz, user=user, used=used) == 0:
        raise AttemptLimitReached(_("You have used all attempts at this quiz."))
    question_ids = [qq.question_id for qq in quiz_questions(quiz)]
    seed = random.SystemRandom().randrange(1, 2**31)
    if quiz.shuffle_questions:
        random.Random(seed).shuffle(question_ids)
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                user=user,
                number=used + 1,
                seed=seed,
                question_ids=question_ids,
                started_at=now,
                deadline=deadline,
                return_url=return_url,
            )
    except IntegrityError as error:  # a second tab started one at the same time
        raise AttemptLimitReached(_("An attempt has just been started.")) from error


def _locked(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)


def answer_save(
    *, attempt: Attempt, question_id: int, response: dict, now: datetime | None = None
) -> Answer:
    """Score and keep an answer. The server, not the browser, enforces time.

    An answer that arrives after the deadline closes the attempt, uncounted.
    """
    now = now or timezone.now()
    answer = _answer_save(
        attempt=attempt, question_id=question_id, response=response, now=now
    )
    if answer is None:
        attempt_submit(attempt=attempt, now=now)
        raise TimeIsUp(TIME_UP)
    return answer


@transaction.atomic
def _answer_save(
    *, attempt: Attempt, question_id: int, response: dict, now: datetime
) -> Answer | None:
    attempt = _locked(attempt)
    if attempt.is_submitted:
        raise AnswerLocked(_("This attempt has already been submitted."))
    if attempt.time_is_up(now):
        return None
    if question_id not in attempt.question_ids:
        raise QuizError(_("This question is not part of the attempt."))
    existing = attempt.answers.filter(question_id=question_id).first()
    if existing and attempt.quiz.feedback_mode == FeedbackMode.IMMEDIATE:
        raise AnswerLocked(_("You have already answered this question."))
    question, options = options_for(question_id)
    result = score_response(question, options, response)
    answer, _created = Answer.objects.update_or_create(
        attempt=attempt,
        question_id=question_id,
        defaults={
            "response": response,
            "score": result.score,
            "correct": result.correct,
            "answered_at": now,
        },
    )
    return answer


@transaction.atomic
def attempt_submit(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Close the attempt and score it against the pass mark."""
    now = now or timezone.now()
    attempt = _locked(attempt)
    if attempt.is_submitted:
        return attempt
    points_by_question = {
        qq.question_id: qq.points for qq in attempt.quiz.quiz_questions.all()
    }
    max_points = sum(points_by_question.get(q, 0) for q in attempt.question_ids)
    points = sum(
        a.score * points_by_question.get(a.question_id, 0)
        for a in attempt.answers.all()
    )
    attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
    attempt.points = round(points, 2)
    attempt.max_points = max_points
    attempt.percent = round(100 * points / max_points, 1) if max_points else 0.0
    attempt.passed = attempt.percent >= attempt.quiz.pass_mark
    attempt.save()
    transaction.on_commit(
        lambda: attempt_submitted.send(sender=Attempt, attempt=attempt)
    )
    return attempt
