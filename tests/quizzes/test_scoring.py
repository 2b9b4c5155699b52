"""Scoring every question type, with partial answers."""

import pytest

from quizzes.scoring import score_response


def _ids(question):
    return [o.pk for o in question.options.order_by("sort_order")]


def _score(question, response):
    options = list(question.options.order_by("sort_order"))
    return score_response(question, options, response)


def test_single_choice_scores_only_the_correct_option(single):
    right, wrong, _other = _ids(single)
    assert _score(single, {"option": right}).score == 1
    assert _score(single, {"option": right}).correct
    assert _score(single, {"option": wrong}).score == 0
    assert _score(single, {}).score == 0
    assert _score(single, {"option": "not a number"}).score == 0


def test_true_false(make_question):
    question = make_question(
        "true_false", options=[("Тачно", True), ("Нетачно", False)]
    )
    true, false = _ids(question)
    assert _score(question, {"option": str(true)}).correct
    assert not _score(question, {"option": str(false)}).correct


@pytest.fixture
def multiple(make_question):
    return make_question(
        "multiple",
        options=[("А", True), ("Б", True), ("В", False), ("Г", False)],
    )


def test_multiple_choice_all_right_scores_one(multiple):
    a, b, _c, _d = _ids(multiple)
    assert _score(multiple, {"options": [a, b]}).score == 1


def test_multiple_choice_gives_partial_credit_and_penalises_wrong_ticks(multiple):
    a, b, c, d = _ids(multiple)
    assert _score(multiple, {"options": [a]}).score == 0.5
    assert not _score(multiple, {"options": [a]}).correct
    assert _score(multiple, {"options": [a, b, c]}).score == 0.5
    assert _score(multiple, {"options": [a, c, d]}).score == 0
    assert _score(multiple, {"options": [a, b, c, d]}).score == 0


@pytest.fixture
def matching(make_question):
    return make_question(
        "matching",
        options=[
            ("Врбовање", "радња"),
            ("Претња", "средство"),
            ("Експлоатација", "циљ"),
        ],
    )


def test_matching_scores_the_share_of_right_pairs(matching):
    act, means, purpose = _ids(matching)
    right = {str(act): act, str(means): means, str(purpose): purpose}
    assert _score(matching, {"pairs": right}).correct
    swapped = {str(act): act, str(means): purpose, str(purpose): means}
    assert _score(matching, {"pairs": swapped}).score == pytest.approx(1 / 3, 0.01)
    assert _score(matching, {"pairs": {}}).score == 0


@pytest.fixture
def ordering(make_question):
    return make_question(
        "ordering",
        options=[("Прво", True), ("Друго", True), ("Треће", True), ("Четврто", True)],
    )


def test_ordering_scores_items_in_their_place(ordering):
    ids = _ids(ordering)
    assert _score(ordering, {"order": ids}).correct
    first_two_swapped = [ids[1], ids[0], ids[2], ids[3]]
    assert _score(ordering, {"order": first_two_swapped}).score == 0.5
    assert _score(ordering, {"order": list(reversed(ids))}).score == 0
    assert _score(ordering, {"order": ids[:2]}).score == 0.5


@pytest.fixture
def short(make_question):
    return make_question(
        "short_text",
        accepted="Центар за заштиту жртава трговине људима\nЦентар\nЦЗЖТЉ",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Центар за заштиту жртава трговине људима",
        "  центар   за заштиту жртава ТРГОВИНЕ људима ",
        "Centar za zaštitu žrtava trgovine ljudima",
        "centar za zastitu zrtava trgovine ljudima",
        "CZŽTLJ",
        "centar",
    ],
)
def test_short_text_accepts_any_case_spacing_and_script(short, text):
    assert _score(short, {"text": text}).correct


@pytest.mark.parametrize("text", ["", "   ", "полиција", "Centar za socijalni rad"])
def test_short_text_rejects_other_answers(short, text):
    assert _score(short, {"text": text}).score == 0


def test_live_play_scores_a_copied_question_as_self_paced_play_does(session_with_quiz):
    """A live session copies the bank's questions; an answer is right live
    exactly when self-paced play gives it full marks."""
    from quizzes.live import services

    for live in session_with_quiz.questions.select_related("source"):
        bank = live.source
        options = list(bank.options.order_by("sort_order"))
        ids = [o.pk for o in options]
        responses = {
            "single": [{"option": pk} for pk in ids],
            "multiple": [{"options": ids[:n]} for n in range(1, len(ids) + 1)],
            "short_text": [{"text": t} for t in ("ЦЗЖТЉ", "czztlj", "Центар")],
        }[live.kind]
        verdicts = []
        for response in responses:
            right = services.answer_score(question=live, response=response)
            assert right is score_response(bank, options, response).correct, response
            verdicts.append(right)
        assert set(verdicts) == {True, False}, live.kind
