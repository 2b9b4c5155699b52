"""Controlling a live session, and what the room sees of the scores."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.live import services, state
from quizzes.live.services import LiveError, Submission
from quizzes.models import LiveQuestion

from .helpers import add, opened

pytestmark = pytest.mark.django_db


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
