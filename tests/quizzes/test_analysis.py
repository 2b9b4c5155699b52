"""Item analysis on a small data set computed by hand."""

import pytest

from quizzes import services
from quizzes.analysis import item_analysis, point_biserial, upper_lower_index


def test_upper_lower_index_by_hand():
    # Ten learners; 27 % of 10 rounds to 3 per group.
    rows = [
        (10, 0), (20, 0), (30, 1),  # bottom three: 1 of 3 correct
        (40, 0), (50, 1), (60, 0), (70, 1),
        (80, 1), (90, 1), (100, 1),  # top three: 3 of 3 correct
    ]  # fmt: skip
    assert upper_lower_index(rows) == pytest.approx(3 / 3 - 1 / 3, abs=0.001)


def test_point_biserial_by_hand():
    # Totals 1, 2, 3, 4; correct for the two highest.
    # M1 = 3.5, M0 = 1.5, s = sqrt(1.25) = 1.118, p = q = 0.5
    # r = 2 / 1.118 * 0.5 = 0.894
    rows = [(1, 0), (2, 0), (3, 1), (4, 1)]
    assert point_biserial(rows) == pytest.approx(0.894, abs=0.001)
    assert point_biserial([(1, 1), (2, 1)]) is None


def test_item_analysis_on_first_attempts(make_user, make_quiz, make_question):
    good = make_question("single", text="добро", options=[("да", True), ("не", False)])
    easy = make_question("single", text="лако", options=[("да", True), ("не", False)])
    odd = make_question("single", text="чудно", options=[("да", True), ("не", False)])
    quiz = make_quiz([good, easy, odd], shuffle_questions=False)
    # learner: (good, easy, odd) correct?
    pattern = [(1, 1, 0), (1, 1, 0), (0, 1, 1), (0, 1, 1)]
    for i, answers in enumerate(pattern):
        user = make_user(email=f"l{i}@example.org")
        attempt = services.attempt_start(quiz=quiz, user=user)
        for question, right in zip((good, easy, odd), answers, strict=True):
            option = question.options.get(is_correct=bool(right))
            services.answer_save(
                attempt=attempt, question_id=question.pk, response={"option": option.pk}
            )
        services.attempt_submit(attempt=attempt)
        if i == 3:  # a retake does not count in the analysis
            retake = services.attempt_start(quiz=quiz, user=user)
            services.attempt_submit(attempt=retake)

    stats = {s.text: s for s in item_analysis(quiz)}
    # Totals: 66.7, 66.7, 66.7, 66.7 -> no spread; use the counts only.
    assert stats["добро"].answered == 4
    assert stats["добро"].share_correct == 0.5
    assert stats["лако"].share_correct == 1.0
    assert stats["лако"].point_biserial is None  # everybody right: no information
    assert stats["лако"].discrimination == 0


def test_item_analysis_discrimination(make_user, make_quiz, make_question):
    q1 = make_question("single", text="прво", options=[("да", True), ("не", False)])
    q2 = make_question("single", text="друго", options=[("да", True), ("не", False)])
    quiz = make_quiz([q1, q2], shuffle_questions=False)
    # Totals: 100, 50, 50, 0. q1 right for the top two, q2 right for 1 and 3.
    pattern = [(1, 1), (1, 0), (0, 1), (0, 0)]
    for i, answers in enumerate(pattern):
        user = make_user(email=f"d{i}@example.org")
        attempt = services.attempt_start(quiz=quiz, user=user)
        for question, right in zip((q1, q2), answers, strict=True):
            option = question.options.get(is_correct=bool(right))
            services.answer_save(
                attempt=attempt, question_id=question.pk, response={"option": option.pk}
            )
        services.attempt_submit(attempt=attempt)
    stats = {s.text: s for s in item_analysis(quiz)}
    # 27 % of 4 rounds to 1: top (100) vs bottom (0).
    assert stats["прво"].discrimination == 1.0
    assert stats["друго"].discrimination == 1.0
    # q1: M1 = 75, M0 = 25, s = 35.355, p = .5 -> r = 0.707
    assert stats["прво"].point_biserial == pytest.approx(0.707, abs=0.001)
    assert stats["прво"].share_correct == 0.5
