"""Live answers, without websockets: checked, scored, stored."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from quizzes.live import services, state
from quizzes.live.services import Submission
from quizzes.models import LiveAnswer, LiveQuestion

from .helpers import add, opened, refused

pytestmark = pytest.mark.django_db


# --- normalise and score, kind by kind -----------------------------------------


def test_single_choice(session):
    question = add(session, "single", options=["Да", "Не"], correct=[2])
    assert services.answer_normalise(question=question, response={"option": "2"}) == (
        {"option": 2},
        "",
    )
    assert services.answer_score(question=question, response={"option": 2}) is True
    assert services.answer_score(question=question, response={"option": 1}) is False
    assert refused(question, {"option": 3}) == "invalid"
    assert refused(question, {"option": True}) == "invalid"
    assert refused(question, {"option": None}) == "invalid"
    assert refused(question, {"option": "jedan"}) == "invalid"
    assert refused(question, [1]) == "invalid"


def test_true_false_gets_its_two_options(session):
    question = add(session, "true_false", options=[], correct=[1])
    assert [(o["text"], o["correct"]) for o in question.options] == [
        (gettext("True"), True),
        (gettext("False"), False),
    ]
    assert services.answer_normalise(question=question, response={"option": 1}) == (
        {"option": 1},
        "",
    )
    assert services.answer_score(question=question, response={"option": 1}) is True
    assert services.answer_score(question=question, response={"option": 2}) is False


def test_multiple_choice_needs_exactly_the_right_set(session):
    question = add(session, "multiple", options=["A", "B", "C", "D"], correct=[1, 3])
    normalised, _text = services.answer_normalise(
        question=question, response={"options": [3, 1, 3]}
    )
    assert normalised == {"options": [1, 3]}
    assert services.answer_score(question=question, response=normalised) is True
    assert services.answer_score(question=question, response={"options": [1]}) is False
    assert (
        services.answer_score(question=question, response={"options": [1, 2, 3]})
        is False
    )
    assert refused(question, {"options": []}) == "invalid"
    assert refused(question, {"options": [1, 9]}) == "invalid"
    assert refused(question, {"options": "1,3"}) == "invalid"


def test_rating_within_the_scale(session):
    question = add(session, "rating", scale_max=7)
    assert services.answer_normalise(question=question, response={"value": 1}) == (
        {"value": 1},
        "",
    )
    assert services.answer_normalise(question=question, response={"value": 7}) == (
        {"value": 7},
        "",
    )
    for value in (0, 8, -1, 3.5, "4", True, None):
        assert refused(question, {"value": value}) == "invalid", value
    assert services.answer_score(question=question, response={"value": 7}) is None


def test_word_cloud_at_most_40_characters(session):
    question = add(session, "word_cloud")
    word = "п" * services.WORD_CLOUD_MAX
    assert services.answer_normalise(
        question=question, response={"text": f"  {word} "}
    ) == (
        {"text": word},
        word,
    )
    assert refused(question, {"text": word + "а"}) == "too_long"
    assert refused(question, {"text": "   "}) == "invalid"
    assert refused(question, {"text": 5}) == "invalid"
    assert services.answer_score(question=question, response={"text": word}) is None


def test_open_text_at_most_200_characters_and_spaces_collapsed(session):
    question = add(session, "open")
    text = "а" * 197
    assert (
        services.answer_normalise(
            question=question, response={"text": f"{text}\n\n б"}
        )[1]
        == text + " б"
    )
    assert refused(question, {"text": "а" * 201}) == "too_long"
    assert (
        services.answer_normalise(question=question, response={"text": "а" * 200})[1]
        == "а" * 200
    )


def test_short_text_accepts_the_answer_in_either_script(session):
    question = add(session, "short_text")
    question.accepted_answers = ["ЦЗЖТЉ", "Центар за заштиту жртава"]
    for typed in ("CZZTLJ", "czžtlj", "ЦЗЖТЉ", "centar za zastitu zrtava!"):
        response, _text = services.answer_normalise(
            question=question, response={"text": typed}
        )
        assert services.answer_score(question=question, response=response) is True, (
            typed
        )
    assert (
        services.answer_score(question=question, response={"text": "Центар"}) is False
    )


# --- Storing answers ---------------------------------------------------------


def test_a_batch_with_the_same_person_twice_keeps_the_last(session):
    question = opened(session, add(session, "single"))
    ana = services.participant_join(session=session, nickname="Ана")
    bora = services.participant_join(session=session, nickname="Бора")
    outcomes = services.answers_store(
        session_id=session.pk,
        submissions=[
            Submission(ana.pk, question.pk, {"option": 1}),
            Submission(bora.pk, question.pk, {"option": 3}),
            Submission(ana.pk, question.pk, {"option": 2}),
        ],
    )
    assert [outcome.error for outcome in outcomes] == [None, None, None]
    answers = dict(LiveAnswer.objects.values_list("participant__nickname", "response"))
    assert answers == {"Ана": {"option": 2}, "Бора": {"option": 3}}
    assert LiveAnswer.objects.get(participant=ana).correct is False

    # A later batch replaces the earlier answer too.
    services.answers_store(
        session_id=session.pk,
        submissions=[Submission(ana.pk, question.pk, {"option": 1})],
    )
    answer = LiveAnswer.objects.get(participant=ana)
    assert (answer.response, answer.correct, answer.points) == ({"option": 1}, True, 1)
    assert LiveAnswer.objects.count() == 2


def test_answers_to_a_closed_or_unopened_question_are_refused(session):
    first = opened(session, add(session, "single"))
    second = add(session, "single")
    ana = services.participant_join(session=session, nickname="Ана")
    services.session_control(
        session_id=session.pk, user=session.created_by, action="close"
    )
    outcomes = services.answers_store(
        session_id=session.pk,
        submissions=[
            Submission(ana.pk, first.pk, {"option": 1}),
            Submission(ana.pk, second.pk, {"option": 1}),
        ],
    )
    assert [outcome.error.code for outcome in outcomes] == ["closed", "closed"]
    assert LiveAnswer.objects.count() == 0


def test_answers_after_the_clock_ran_out_are_refused(session):
    question = opened(session, add(session, "single", time_limit=30))
    ana = services.participant_join(session=session, nickname="Ана")
    LiveQuestion.objects.filter(pk=question.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    (outcome,) = services.answers_store(
        session_id=session.pk,
        submissions=[Submission(ana.pk, question.pk, {"option": 1})],
    )
    assert outcome.error.code == "closed"
    assert LiveAnswer.objects.count() == 0


def test_unknown_participant_or_other_sessions_person_is_refused(session, trainer):
    question = opened(session, add(session, "single"))
    other = services.session_create(user=trainer, title="Друга").session
    stranger = services.participant_join(session=other, nickname="Странац")
    ana = services.participant_join(session=session, nickname="Ана")
    outcomes = services.answers_store(
        session_id=session.pk,
        submissions=[
            Submission(stranger.pk, question.pk, {"option": 1}),
            Submission(999999, question.pk, {"option": 1}),
            Submission(ana.pk, question.pk, {"option": 1}),
        ],
    )
    assert [o.error.code if o.error else None for o in outcomes] == [
        "not_found",
        "not_found",
        None,
    ]
    assert list(LiveAnswer.objects.values_list("participant", flat=True)) == [ana.pk]


def test_open_answers_wait_for_moderation(session):
    question = opened(session, add(session, "open"))
    ana = services.participant_join(session=session, nickname="Ана")
    services.answers_store(
        session_id=session.pk,
        submissions=[Submission(ana.pk, question.pk, {"text": "<b>Хвала</b>"})],
    )
    answer = LiveAnswer.objects.get()
    assert (answer.moderation, answer.text) == ("pending", "<b>Хвала</b>")
    assert state.results_payload(question)["approved"] == []
    services.session_control(
        session_id=session.pk,
        user=session.created_by,
        action="moderate",
        data={"answer": answer.pk, "status": "approved"},
    )
    assert state.results_payload(question)["approved"] == [
        {"id": answer.pk, "text": "<b>Хвала</b>"}
    ]
