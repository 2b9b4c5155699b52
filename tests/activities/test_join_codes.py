"""One code on the screen leads to one room: codes are unique across the
live quiz, the live exercise run and the activities (``lms.registry``)."""

import itertools

import pytest

from activities import services as activity_services
from lms import registry
from quizzes.live import services as quiz_services
from quizzes.live.services import sessions


def test_a_new_quiz_skips_the_code_of_an_open_activity(
    monkeypatch, trainer, balloons_content
):
    run = activity_services.run_create(user=trainer, content=balloons_content)
    codes = iter([run.code, "Q2Q2Q2"])
    monkeypatch.setattr(sessions, "new_join_code", lambda: next(codes))

    session = quiz_services.session_create(user=trainer, title="Ниш").session

    assert session.code == "Q2Q2Q2"
    assert registry.resolve_join_code(run.code).endswith(f"/{run.code}/")


def test_a_new_activity_skips_the_code_of_a_live_quiz(
    monkeypatch, trainer, balloons_content
):
    session = quiz_services.session_create(user=trainer, title="Ниш").session
    codes = iter([session.code, "A3A3A3"])
    monkeypatch.setattr(activity_services, "new_join_code", lambda: next(codes))

    run = activity_services.run_create(user=trainer, content=balloons_content)

    assert run.code == "A3A3A3"


def test_a_new_exercise_run_skips_the_code_of_an_activity(
    monkeypatch, trainer, balloons_content, home_page
):
    from exercises import services as exercise_services

    activity_services.run_create(user=trainer, content=balloons_content)
    clash = activity_services.run_create(user=trainer, content=balloons_content)
    # Exercise codes are hexadecimal: make the activity's code one.
    type(clash).objects.filter(pk=clash.pk).update(code="ABC234")
    codes = iter(["abc234", "def567"])
    monkeypatch.setattr(exercise_services, "new_run_code", lambda: next(codes))

    run = exercise_services.exercise_run_open(
        page=home_page, block_id="block", user=trainer
    )

    assert run.code == "def567"


def test_no_free_code_is_an_error_not_an_endless_loop(trainer, balloons_content):
    run = activity_services.run_create(user=trainer, content=balloons_content)
    with pytest.raises(RuntimeError):
        registry.unused_join_code(itertools.repeat(run.code).__next__, lambda c: False)
