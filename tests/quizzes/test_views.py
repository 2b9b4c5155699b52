"""Taking a quiz through the pages, and staff-only pages."""

import pytest
from django.urls import reverse

from quizzes.models import Attempt
from tests.helpers import sr


@pytest.fixture
def quiz(make_quiz, make_question):
    single = make_question(
        "single",
        text="Ко идентификује жртве?",
        options=[("Центар", True), ("Суд", False)],
    )
    matching = make_question(
        "matching",
        text="Повежите",
        options=[("Врбовање", "радња"), ("Претња", "средство")],
    )
    ordering = make_question(
        "ordering", text="Поређајте", options=[("Прво", True), ("Друго", True)]
    )
    short = make_question("short_text", text="Члан КЗ?", accepted="388")
    return make_quiz(
        [single, matching, ordering, short], shuffle_questions=False, pass_mark=75
    )


def _post_answers(client, attempt, quiz):
    questions = [qq.question for qq in quiz.quiz_questions.order_by("sort_order")]
    single, matching, ordering, short = questions
    url = lambda n: reverse("quizzes:question", args=[attempt.pk, n])  # noqa: E731
    client.post(url(1), {"option": single.options.get(is_correct=True).pk})
    client.post(url(2), {f"match-{o.pk}": o.pk for o in matching.options.all()})
    first, second = ordering.options.order_by("sort_order")
    client.post(url(3), {f"position-{first.pk}": 2, f"position-{second.pk}": 1})
    return client.post(url(4), {"text": " 388 "})


def test_a_learner_takes_a_quiz_and_reviews_it(client, participant, quiz):
    client.force_login(participant)
    page = client.get(reverse("quizzes:quiz", args=[quiz.slug]))
    assert sr("Start the quiz") in page.text
    response = client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.get(user=participant)
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 1])
    question_page = client.get(response.url)
    assert "<fieldset" in question_page.text and "<legend" in question_page.text
    _post_answers(client, attempt, quiz)
    result = client.post(reverse("quizzes:finish", args=[attempt.pk]), follow=True)
    attempt.refresh_from_db()
    assert attempt.percent == 75.0 and attempt.passed
    assert "Зашто: Центар" in result.text  # per-option feedback in the review


def test_an_ordering_answer_must_use_each_place_once(client, participant, quiz):
    client.force_login(participant)
    client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.get(user=participant)
    ordering = quiz.quiz_questions.get(sort_order=2).question
    first, second = ordering.options.all()
    response = client.post(
        reverse("quizzes:question", args=[attempt.pk, 3]),
        {f"position-{first.pk}": 1, f"position-{second.pk}": 1},
    )
    assert response.status_code == 400
    assert not attempt.answers.exists()


def test_someone_elses_attempt_is_not_found(client, participant, make_user, quiz):
    client.force_login(participant)
    client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.get(user=participant)
    client.force_login(make_user(email="druga@example.org"))
    response = client.get(reverse("quizzes:question", args=[attempt.pk, 1]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["quizzes:analysis", "quizzes:results"])
def test_staff_pages_are_forbidden_to_participants(client, participant, quiz, name):
    client.force_login(participant)
    assert client.get(reverse(name, args=[quiz.slug])).status_code == 403


@pytest.mark.parametrize("name", ["quizzes:analysis", "quizzes:results"])
def test_staff_see_results_and_item_analysis(client, staff_user, quiz, name):
    client.force_login(staff_user)
    response = client.get(reverse(name, args=[quiz.slug]))
    assert response.status_code == 200
    assert quiz.title in response.text


def test_trainers_without_view_all_data_are_forbidden(client, trainer, quiz):
    client.force_login(trainer)
    response = client.get(reverse("quizzes:analysis", args=[quiz.slug]))
    assert response.status_code == 403


def test_in_latin_the_quiz_reads_in_latin_and_takes_latin_answers(
    client, participant, quiz
):
    client.force_login(participant)
    client.cookies["lms_language"] = "sr-latn"
    client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.get(user=participant)
    page = client.get(reverse("quizzes:question", args=[attempt.pk, 1]))
    assert "Ko identifikuje žrtve?" in page.text
    short = quiz.quiz_questions.get(sort_order=3).question
    short.accepted_answers = "члан 388"
    short.save()
    client.post(reverse("quizzes:question", args=[attempt.pk, 4]), {"text": "Član 388"})
    assert attempt.answers.get(question=short).correct


def test_a_pre_test_has_no_pass_mark_and_no_passed_with_zero(
    client, participant, make_quiz, single
):
    pre_test = make_quiz([single], pass_mark=0, allow_review=False, feedback_mode="end")
    client.force_login(participant)

    detail = client.get(reverse("quizzes:quiz", args=[pre_test.slug])).text
    client.post(reverse("quizzes:start", args=[pre_test.slug]))
    attempt = Attempt.objects.get(user=participant)
    client.post(
        reverse("quizzes:question", args=[attempt.pk, 1]),
        {"option": single.options.get(is_correct=False, text="Миграција").pk},
    )
    result = client.post(reverse("quizzes:finish", args=[attempt.pk]), follow=True)

    assert "0 %" not in detail and sr("Pass mark") in detail
    assert "тачни одговори се не приказују" in detail  # no promised review
    assert sr("You passed the quiz") not in result.text
    assert "Хвала, Ваши одговори су сачувани" in result.text
