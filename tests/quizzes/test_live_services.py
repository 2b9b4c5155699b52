"""Services of live sessions, without websockets: answers, control, joining."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from quizzes.live import services, state
from quizzes.live.services import LiveError, Submission
from quizzes.models import LiveAnswer, LiveParticipant, LiveQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(trainer):
    return services.session_create(user=trainer, title="Ниш, 2026").session


@pytest.fixture
def reflective(trainer):
    return services.session_create(
        user=trainer, title="Рефлексија", mode="reflective"
    ).session


def add(session, kind, **fields):
    defaults = {"text": f"Питање ({kind})"}
    if kind in ("single", "multiple"):
        defaults.update(options=["Прво", "Друго", "Треће"], correct=[1])
    return services.question_add(session=session, kind=kind, **{**defaults, **fields})


def opened(session, question, user=None):
    """Put ``question`` on the screen and open answering."""
    user = user or session.created_by
    services.session_control(
        session_id=session.pk, user=user, action="show", data={"question": question.pk}
    )
    services.session_control(session_id=session.pk, user=user, action="open")
    question.refresh_from_db()
    return question


def refused(question, response) -> str:
    with pytest.raises(LiveError) as error:
        services.answer_normalise(question=question, response=response)
    return error.value.code


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


# --- Control -----------------------------------------------------------------


def test_a_participant_may_not_control(session, participant):
    add(session, "single")
    with pytest.raises(LiveError) as error:
        services.session_control(session_id=session.pk, user=participant, action="next")
    assert error.value.code == "forbidden"
    session.refresh_from_db()
    assert (session.phase, session.version, session.current) == ("lobby", 0, None)


def test_another_trainer_may_not_control(session, make_user):
    from lms.roles import TRAINER

    other = make_user(email="drugi@example.org", role=TRAINER)
    with pytest.raises(LiveError) as error:
        services.session_control(session_id=session.pk, user=other, action="next")
    assert error.value.code == "forbidden"


def test_staff_may_control_and_unknown_actions_are_refused(session, staff_user):
    add(session, "single")
    change = services.session_control(
        session_id=session.pk, user=staff_user, action="next"
    )
    assert change.session.phase == "shown" and change.question.position == 1
    with pytest.raises(LiveError) as error:
        services.session_control(
            session_id=session.pk, user=staff_user, action="delete"
        )
    assert error.value.code == "unknown_action"


def test_timer_closes_only_when_the_time_has_passed(session):
    question = opened(session, add(session, "single", time_limit=30))
    assert question.closes_at is not None
    assert services.timer_expire(session_id=session.pk, question_id=question.pk) is None
    session.refresh_from_db()
    assert session.phase == "open"

    deadline = timezone.now() - timedelta(seconds=2)
    LiveQuestion.objects.filter(pk=question.pk).update(closes_at=deadline)
    # Another question's timer does nothing.
    assert (
        services.timer_expire(session_id=session.pk, question_id=question.pk + 1000)
        is None
    )
    change = services.timer_expire(session_id=session.pk, question_id=question.pk)
    assert change is not None and change.session.phase == "closed"
    question.refresh_from_db()
    assert question.closed_at == deadline
    # Idempotent: a second process's timer finds it closed.
    assert services.timer_expire(session_id=session.pk, question_id=question.pk) is None


def test_reflective_sessions_have_no_clock(reflective):
    question = opened(reflective, add(reflective, "rating", time_limit=30))
    assert question.closes_at is None


# --- Leaderboard and personal results -----------------------------------------


def _scored_round(session, people, right_ones):
    question = opened(session, add(session, "single"))
    services.answers_store(
        session_id=session.pk,
        submissions=[
            Submission(p.pk, question.pk, {"option": 1 if p in right_ones else 2})
            for p in people
        ],
    )
    services.session_control(
        session_id=session.pk, user=session.created_by, action="reveal"
    )
    return question


def test_leaderboard_ranks_ties_1_2_2_4(session):
    ana, bora, vera, goran = (
        services.participant_join(session=session, nickname=name)
        for name in ("Ана", "Бора", "Вера", "Горан")
    )
    everyone = [ana, bora, vera, goran]
    _scored_round(session, everyone, {ana, bora, vera})
    _scored_round(session, everyone, {ana, bora, vera})
    last = _scored_round(session, everyone, {ana})
    board = state.leaderboard_payload(session)
    assert board["participants"] == 4
    assert [(e["rank"], e["name"], e["score"]) for e in board["entries"]] == [
        (1, "Ана", 3),
        (2, "Бора", 2),
        (2, "Вера", 2),
        (4, "Горан", 0),
    ]
    mine = state.personal_results(session, last)
    assert [(mine[p.pk]["rank"], mine[p.pk]["score"]) for p in everyone] == [
        (1, 3),
        (2, 2),
        (2, 2),
        (4, 0),
    ]
    assert mine[ana.pk]["correct"] is True and mine[ana.pk]["points"] == 1


def test_points_count_only_after_the_reveal(session):
    ana = services.participant_join(session=session, nickname="Ана")
    question = opened(session, add(session, "single"))
    services.answers_store(
        session_id=session.pk,
        submissions=[Submission(ana.pk, question.pk, {"option": 1})],
    )
    assert services.session_scores(session_id=session.pk).get(ana.pk, 0) == 0
    services.session_control(
        session_id=session.pk, user=session.created_by, action="reveal"
    )
    assert services.session_scores(session_id=session.pk) == {ana.pk: 1}


def test_reflective_personal_results_have_no_score(reflective):
    ana = services.participant_join(session=reflective, nickname="Ана")
    bora = services.participant_join(session=reflective, nickname="Бора")
    question = opened(reflective, add(reflective, "single"))
    services.answers_store(
        session_id=reflective.pk,
        submissions=[Submission(ana.pk, question.pk, {"option": 1})],
    )
    services.session_control(
        session_id=reflective.pk, user=reflective.created_by, action="reveal"
    )
    results = state.personal_results(reflective, question)
    assert results[ana.pk] == {
        "type": "result",
        "question": question.pk,
        "answered": True,
        "correct": None,
        "points": 0,
        "score": None,
        "rank": None,
    }
    assert results[bora.pk]["answered"] is False
    assert results[bora.pk]["score"] is None
    assert not reflective.show_leaderboard
    reflective.refresh_from_db()
    me = state.me_payload(ana, reflective)
    assert me["score"] is None and me["result"]["correct"] is None


def test_word_cloud_groups_scripts_and_cases(session):
    question = opened(session, add(session, "word_cloud"))
    words = ["Поверење", "poverenje", "POVERENJE", "  поверење ", "Сигурност"]
    people = [
        services.participant_join(session=session, nickname=f"Особа {n}")
        for n in range(len(words))
    ]
    outcomes = services.answers_store(
        session_id=session.pk,
        submissions=[
            Submission(p.pk, question.pk, {"text": word})
            for p, word in zip(people, words, strict=True)
        ],
    )
    assert all(outcome.error is None for outcome in outcomes)
    cloud = state.results_payload(question)["words"]
    assert [word["count"] for word in cloud] == [4, 1]
    assert cloud[0]["text"] in {"поверење", "poverenje"}
    assert cloud[1] == {"text": "сигурност", "count": 1}


# --- Joining -------------------------------------------------------------------


@pytest.mark.parametrize("second", ["ана", "АНА", "  Ана  ", "Ана", "Ana", "ANA"])
def test_nickname_taken_regardless_of_case(session, second):
    services.participant_join(session=session, nickname="Ана")
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname=second)
    assert error.value.code == "nickname_taken"
    assert LiveParticipant.objects.count() == 1


def test_two_phones_cannot_take_one_nickname_even_at_once(session):
    """The database refuses a second guest with the same nickname key."""
    from django.db import IntegrityError, transaction

    services.participant_join(session=session, nickname="Сунце")
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveParticipant.objects.create(
            session=session, nickname="Sunce", nickname_key="sunce"
        )


def test_nickname_taken_in_latin_too(session):
    services.participant_join(session=session, nickname="Marko")
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname="marko")
    assert error.value.code == "nickname_taken"


@pytest.mark.parametrize("nickname", ["", "   ", "!!!"])
def test_nickname_required(session, nickname):
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname=nickname)
    assert error.value.code == "nickname_required"


def test_guests_not_allowed_must_log_in(session, participant):
    session.allow_guests = False
    session.save()
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname="Гост")
    assert error.value.code == "login_required"
    # A registrant joins without a nickname.
    joined = services.participant_join(session=session, user=participant)
    assert joined.user == participant and joined.nickname == "Ана А."


def test_the_same_account_gets_the_same_participant(session, participant):
    first = services.participant_join(session=session, user=participant)
    second = services.participant_join(
        session=session, user=participant, nickname="Друго"
    )
    assert first.pk == second.pk
    assert LiveParticipant.objects.filter(session=session).count() == 1


def test_the_token_restores_the_participant(session, trainer):
    guest = services.participant_join(session=session, nickname="Сунце")
    again = services.participant_join(session=session, token=guest.token)
    assert again.pk == guest.pk
    # A token of another session, or a made-up one, does not.
    other = services.session_create(user=trainer, title="Друга").session
    with pytest.raises(LiveError) as error:
        services.participant_join(session=other, token=guest.token)
    assert error.value.code == "nickname_required"
    fresh = services.participant_join(
        session=session, token="izmisljen", nickname="Месец"
    )
    assert fresh.pk != guest.pk


def test_a_guests_token_does_not_open_an_account(session, participant):
    """A registrant's token used by someone else does not give their place."""
    registrant = services.participant_join(session=session, user=participant)
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, token=registrant.token)
    assert error.value.code == "nickname_required"


def test_no_one_new_joins_a_finished_session(session):
    services.session_control(
        session_id=session.pk, user=session.created_by, action="finish"
    )
    session.refresh_from_db()
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname="Касни")
    assert error.value.code == "finished"
