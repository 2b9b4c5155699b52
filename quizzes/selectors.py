"""Read queries on quizzes shared by views, the course app and live sessions."""

import random
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from .models import Attempt, Option, Question, Quiz, QuizQuestion


def quiz_questions(quiz: Quiz) -> QuerySet[QuizQuestion]:
    return quiz.quiz_questions.select_related("question").order_by("sort_order")


def options_for(question_id: int) -> tuple[Question, list[Option]]:
    """A question and its options in the correct order (for scoring)."""
    question = Question.objects.prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("sort_order", "pk"))
    ).get(pk=question_id)
    return question, list(question.options.all())


def questions_with_options(ids: Iterable[int]) -> dict[int, Question]:
    questions = Question.objects.filter(pk__in=list(ids)).prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("sort_order", "pk"))
    )
    return {q.pk: q for q in questions}


def shuffled_options(attempt: Attempt, question: Question) -> list[Option]:
    """Options in the order this attempt shows them: stable for the attempt."""
    options = list(question.options.all())
    if attempt.quiz.shuffle_options or question.kind == "ordering":
        random.Random(f"{attempt.seed}:{question.pk}").shuffle(options)
    return options


def shuffled_matches(attempt: Attempt, question: Question) -> list[Option]:
    """The right-hand side of a matching question, shuffled for the attempt."""
    options = list(question.options.all())
    random.Random(f"{attempt.seed}:{question.pk}:match").shuffle(options)
    return options


def attempts_for(*, user, quiz: Quiz) -> QuerySet[Attempt]:
    return Attempt.objects.filter(user=user, quiz=quiz).order_by("number")


def passed_quiz_ids(*, user, quiz_ids: Iterable[int]) -> set[int]:
    """Which of these quizzes the learner has passed at least once."""
    return set(
        Attempt.objects.filter(user=user, quiz_id__in=list(quiz_ids), passed=True)
        .values_list("quiz_id", flat=True)
        .distinct()
    )


def best_results(*, user, quiz_ids: Iterable[int]) -> dict[int, Attempt]:
    """The learner's best submitted attempt per quiz."""
    best: dict[int, Attempt] = {}
    attempts = Attempt.objects.submitted().filter(user=user, quiz_id__in=list(quiz_ids))
    for attempt in attempts:
        current = best.get(attempt.quiz_id)
        if current is None or (attempt.percent or 0) > (current.percent or 0):
            best[attempt.quiz_id] = attempt
    return best
