"""Self-paced quizzes: the start page, one question at a time, the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from quizzes import services
from quizzes.forms import AnswerError, response_from_post
from quizzes.models import Attempt, FeedbackMode, Quiz
from quizzes.presentation import question_view
from quizzes.selectors import attempts_for, questions_with_options


def _safe_next(request, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


def _own_attempt(request, attempt_id: int) -> Attempt:
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz"), pk=attempt_id, user=request.user
    )
    return attempt


@login_required
def quiz_detail(request, slug: str):
    quiz = get_object_or_404(Quiz, slug=slug)
    attempts = list(attempts_for(user=request.user, quiz=quiz))
    context = {
        "quiz": quiz,
        "attempts": attempts,
        "open_attempt": next((a for a in attempts if not a.is_submitted), None),
        "attempts_left": services.attempts_left(
            quiz=quiz, user=request.user, used=len(attempts)
        ),
        "question_count": quiz.quiz_questions.count(),
        "next": _safe_next(request, request.GET.get("next", "")),
    }
    return render(request, "quizzes/quiz_detail.html", context)


@login_required
@require_POST
def attempt_start(request, slug: str):
    quiz = get_object_or_404(Quiz, slug=slug)
    try:
        attempt = services.attempt_start(
            quiz=quiz,
            user=request.user,
            return_url=_safe_next(request, request.POST.get("next", "")),
        )
    except services.QuizError as error:
        messages.error(request, str(error))
        return redirect(quiz.get_absolute_url())
    answered = set(attempt.answers.values_list("question_id", flat=True))
    number = next(
        (i for i, q in enumerate(attempt.question_ids, 1) if q not in answered),
        len(attempt.question_ids),
    )
    return redirect("quizzes:question", attempt.pk, max(number, 1))


def _question_context(attempt: Attempt, number: int) -> dict:
    if not 1 <= number <= len(attempt.question_ids):
        raise Http404
    question_id = attempt.question_ids[number - 1]
    question = questions_with_options([question_id])[question_id]
    answer = attempt.answers.filter(question_id=question_id).first()
    immediate = attempt.quiz.feedback_mode == FeedbackMode.IMMEDIATE
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "item": question_view(attempt, question, number, answer),
        "total": len(attempt.question_ids),
        "answered_count": attempt.answers.count(),
        "show_feedback": immediate and answer is not None,
        "locked": immediate and answer is not None,
        "seconds_left": (
            max(int((attempt.deadline - timezone.now()).total_seconds()), 0)
            if attempt.deadline
            else None
        ),
    }


@login_required
def attempt_question(request, attempt_id: int, number: int):
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_submitted:
        return redirect("quizzes:result", attempt.pk)
    if attempt.time_is_up():
        services.attempt_submit(attempt=attempt)
        messages.warning(request, services.TIME_UP)
        return redirect("quizzes:result", attempt.pk)
    context = _question_context(attempt, number)
    if request.method == "POST":
        item = context["item"]
        try:
            response = response_from_post(
                item.question, list(item.question.options.all()), request.POST
            )
            services.answer_save(
                attempt=attempt, question_id=item.question.pk, response=response
            )
        except AnswerError as error:
            context["error"] = str(error)
            return render(request, "quizzes/attempt_question.html", context, status=400)
        except services.TimeIsUp as error:
            messages.warning(request, str(error))
            return redirect("quizzes:result", attempt.pk)
        except services.QuizError as error:
            messages.error(request, str(error))
            return redirect("quizzes:question", attempt.pk, number)
        if attempt.quiz.feedback_mode == FeedbackMode.IMMEDIATE:
            return redirect("quizzes:question", attempt.pk, number)
        if number < context["total"]:
            return redirect("quizzes:question", attempt.pk, number + 1)
        return redirect("quizzes:question", attempt.pk, number)
    return render(request, "quizzes/attempt_question.html", context)


@login_required
@require_POST
def attempt_finish(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    services.attempt_submit(attempt=attempt)
    return redirect("quizzes:result", attempt.pk)


@login_required
def attempt_result(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_submitted:
        return redirect("quizzes:question", attempt.pk, 1)
    quiz = attempt.quiz
    review = []
    if quiz.allow_review:
        questions = questions_with_options(attempt.question_ids)
        answers = {a.question_id: a for a in attempt.answers.all()}
        review = [
            question_view(attempt, questions[qid], n, answers.get(qid))
            for n, qid in enumerate(attempt.question_ids, 1)
            if qid in questions
        ]
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "review": review,
        "attempts_left": services.attempts_left(quiz=quiz, user=request.user),
        "return_url": attempt.return_url,
    }
    return render(request, "quizzes/attempt_result.html", context)
