"""Self-paced attempts: pass mark, attempt limit, time limit, shuffling."""

import datetime

import pytest
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt
from quizzes.selectors import shuffled_options


def _correct(question):
    return question.options.get(is_correct=True).pk


def _wrong(question):
    return question.options.filter(is_correct=False).first().pk


def _answer(attempt, question, option):
    return services.answer_save(
        attempt=attempt, question_id=question.pk, response={"option": option}
    )


def test_pass_mark_decides_passing(participant, make_quiz, three_questions):
    quiz = make_quiz(three_questions, pass_mark=67)
    attempt = services.attempt_start(quiz=quiz, user=participant)
    q1, q2, q3 = three_questions
    _answer(attempt, q1, _correct(q1))
    _answer(attempt, q2, _correct(q2))
    _answer(attempt, q3, _wrong(q3))
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.percent == 66.7
    assert attempt.passed is False

    quiz.pass_mark = 66
    quiz.save()
    second = services.attempt_start(quiz=quiz, user=participant)
    for question in three_questions[:2]:
        _answer(second, question, _correct(question))
    second = services.attempt_submit(attempt=second)
    assert second.passed is True
    assert second.number == 2


def test_points_weigh_questions(participant, make_quiz, three_questions):
    quiz = make_quiz(three_questions)
    quiz.quiz_questions.filter(question=three_questions[0]).update(points=2)
    attempt = services.attempt_start(quiz=quiz, user=participant)
    _answer(attempt, three_questions[0], _correct(three_questions[0]))
    attempt = services.attempt_submit(attempt=attempt)
    assert (attempt.points, attempt.max_points, attempt.percent) == (2, 4, 50.0)


def test_attempt_limit(participant, make_quiz, three_questions):
    quiz = make_quiz(three_questions, max_attempts=2)
    for _ in range(2):
        attempt = services.attempt_start(quiz=quiz, user=participant)
        services.attempt_submit(attempt=attempt)
    assert services.attempts_left(quiz=quiz, user=participant) == 0
    with pytest.raises(services.AttemptLimitReached):
        services.attempt_start(quiz=quiz, user=participant)
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_starting_again_resumes_the_open_attempt(participant, make_quiz, single):
    quiz = make_quiz([single], max_attempts=1)
    first = services.attempt_start(quiz=quiz, user=participant)
    assert services.attempt_start(quiz=quiz, user=participant) == first


def test_time_limit_is_enforced_on_the_server(participant, make_quiz, three_questions):
    quiz = make_quiz(three_questions, time_limit_minutes=10)
    start = timezone.now()
    attempt = services.attempt_start(quiz=quiz, user=participant, now=start)
    assert attempt.deadline == start + datetime.timedelta(minutes=10)
    q1, q2, _q3 = three_questions
    services.answer_save(
        attempt=attempt,
        question_id=q1.pk,
        response={"option": _correct(q1)},
        now=start + datetime.timedelta(minutes=9),
    )
    with pytest.raises(services.TimeIsUp):
        services.answer_save(
            attempt=attempt,
            question_id=q2.pk,
            response={"option": _correct(q2)},
            now=start + datetime.timedelta(minutes=11),
        )
    attempt.refresh_from_db()
    assert attempt.is_submitted
    assert attempt.submitted_at == attempt.deadline
    assert attempt.answers.count() == 1
    assert attempt.percent == 33.3


def test_no_time_limit_by_default(participant, make_quiz, single):
    quiz = make_quiz([single])
    attempt = services.attempt_start(quiz=quiz, user=participant)
    assert quiz.time_limit_minutes is None
    assert attempt.deadline is None
    later = timezone.now() + datetime.timedelta(days=3)
    _answer(attempt, single, _correct(single))
    assert not attempt.time_is_up(later)


def test_an_expired_open_attempt_is_closed_when_starting_again(
    participant, make_quiz, single
):
    quiz = make_quiz([single], time_limit_minutes=5)
    start = timezone.now() - datetime.timedelta(hours=1)
    old = services.attempt_start(quiz=quiz, user=participant, now=start)
    new = services.attempt_start(quiz=quiz, user=participant)
    old.refresh_from_db()
    assert old.is_submitted and new.number == 2


def test_shuffling_is_stable_within_an_attempt(participant, make_quiz, make_question):
    questions = [
        make_question("single", options=[(str(i), i == 0) for i in range(6)])
        for _ in range(8)
    ]
    quiz = make_quiz(questions, shuffle_questions=True, shuffle_options=True)
    attempts = [services.attempt_start(quiz=quiz, user=participant) for _ in range(1)]
    attempt = attempts[0]
    reloaded = Attempt.objects.get(pk=attempt.pk)
    assert reloaded.question_ids == attempt.question_ids
    assert sorted(attempt.question_ids) == sorted(q.pk for q in questions)
    for question in questions:
        first = [o.pk for o in shuffled_options(attempt, question)]
        again = [o.pk for o in shuffled_options(reloaded, question)]
        assert first == again
    orders = set()
    for _ in range(5):
        services.attempt_submit(attempt=attempt)
        attempt = services.attempt_start(quiz=quiz, user=participant)
        orders.add(tuple(attempt.question_ids))
    assert len(orders) > 1


def test_without_shuffling_the_quiz_order_is_kept(
    participant, make_quiz, make_question
):
    questions = [make_question("single", options=[("а", True)]) for _ in range(5)]
    quiz = make_quiz(questions, shuffle_questions=False, shuffle_options=False)
    attempt = services.attempt_start(quiz=quiz, user=participant)
    assert attempt.question_ids == [q.pk for q in questions]


def test_immediate_feedback_locks_the_answer(participant, make_quiz, single):
    quiz = make_quiz([single], feedback_mode="immediate")
    attempt = services.attempt_start(quiz=quiz, user=participant)
    _answer(attempt, single, _wrong(single))
    with pytest.raises(services.AnswerLocked):
        _answer(attempt, single, _correct(single))


def test_end_feedback_lets_the_learner_change_answers(participant, make_quiz, single):
    quiz = make_quiz([single], feedback_mode="end")
    attempt = services.attempt_start(quiz=quiz, user=participant)
    _answer(attempt, single, _wrong(single))
    answer = _answer(attempt, single, _correct(single))
    assert answer.correct and attempt.answers.count() == 1


def test_a_submitted_attempt_takes_no_answers(participant, make_quiz, single):
    quiz = make_quiz([single])
    attempt = services.attempt_submit(
        attempt=services.attempt_start(quiz=quiz, user=participant)
    )
    with pytest.raises(services.AnswerLocked):
        _answer(attempt, single, _correct(single))
