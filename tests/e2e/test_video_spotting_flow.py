"""A trainer's projector plays the demo video; two phones mark what they see.

Like ``test_live_quiz``: a real Daphne process (``tests.quizzes.servers``) on
the test database, a laptop and two 360 px phones in Debian's chromium.
"""

import io

import pytest
from playwright.sync_api import expect

from exercises import demo, services
from exercises.models import ExercisePage, SpottingMark
from exercises.spotting import grading
from tests.helpers import sr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def run(trainer, home_page):
    demo.load_demo(io.StringIO())
    page = ExercisePage.objects.get(slug="indikatori-na-snimku")
    return services.exercise_run_open(page=page, block_id=page.body[0].id, user=trainer)


def _join(phone, code: str) -> None:
    phone.goto("/vezbe/kod/")
    phone.locator("#run-code").fill(code.upper())
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_url(f"**/vezbe/uzivo/{code}/telefon/")
    expect(phone.locator("[data-spot-state]")).to_have_text(
        sr("Wait: the video has not started yet.")
    )


def _mark(phone, indicator_id: int) -> None:
    phone.locator("[data-spot-see]").click()
    phone.locator(f"[data-spot-indicator='{indicator_id}']").click()


def test_the_projector_plays_and_two_phones_mark_then_the_group_is_shown(
    trainer_page, phones, run
):
    projector, (first, second) = trainer_page, phones
    value = run.page.specific.body[0].value
    offered = [i.pk for i in grading.offered_indicators(value)]
    passports = next(m["indicator"].pk for m in value["marks"] if m["time"] == 4.0)

    projector.goto(f"/vezbe/uzivo/{run.code}/projektor/")
    expect(projector.locator("[data-spot-reveal]")).to_be_visible()
    for phone in (first, second):
        _join(phone, run.code)
    # Nothing is playing yet: the phones cannot mark.
    expect(first.locator("[data-spot-see]")).to_be_disabled()

    projector.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true;"
        " v.currentTime = 3.5; return v.play(); }"
    )
    for phone in (first, second):
        expect(phone.locator("[data-spot-state]")).to_have_text(
            sr("The video is playing on the projector.")
        )
    _mark(first, passports)
    _mark(second, offered[-1])
    expect(first.locator("[data-spot-marks] li")).to_have_count(1)
    expect(second.locator("[data-spot-marks] li")).to_have_count(1)
    # Each phone lists its own mark only.
    expect(first.locator("[data-spot-marks]")).not_to_contain_text(
        second.locator("[data-spot-marks] li").inner_text().split(" · ")[1]
    )
    expect(projector.locator("[data-spot-count]")).to_contain_text("2 ")

    projector.locator("[data-spot-reveal]").click()
    strips = projector.locator(".spotting-density__row")
    expect(strips).to_have_count(len(offered))
    expect(projector.locator(".spotting-density__expert").first).to_be_attached()

    marks = list(SpottingMark.objects.filter(run=run).order_by("pk"))
    assert len(marks) == 2
    assert all(3.4 <= mark.time <= 9 for mark in marks)  # the video's time

    projector.locator("form[action$='/kraj/'] button").click()
    for phone in (first, second):
        expect(phone.locator("[data-spot-state]")).to_have_text(
            sr("The exercise is over. Look at the projector.")
        )
        expect(phone.locator("[data-spot-see]")).to_be_disabled()


def test_a_second_screen_follows_the_trainers_video(
    trainer_page, open_page, make_user, run
):
    from lms.roles import TRAINER

    projector = trainer_page
    colleague = make_user(email="druga.trenerka@example.org", role=TRAINER)
    watching = open_page(laptop=True, user=colleague)
    projector.goto(f"/vezbe/uzivo/{run.code}/projektor/")
    expect(projector.locator("[data-spot-reveal]")).to_be_visible()
    watching.goto(f"/vezbe/uzivo/{run.code}/projektor/")
    expect(watching.locator("[data-spot-reveal]")).to_have_count(0)
    video = "() => document.querySelector('video')"
    watching.wait_for_function(f"({video})().readyState >= 1")

    projector.evaluate(
        f"() => {{ const v = ({video})(); v.muted = true; v.currentTime = 6;"
        " return v.play(); }"
    )
    # The watching screen jumps to the trainer's moment and plays along, muted.
    watching.wait_for_function(
        f"() => {{ const v = ({video})(); return !v.paused && v.currentTime > 6; }}"
    )
    assert watching.evaluate(f"() => ({video})().muted")
    projector.evaluate(f"() => ({video})().pause()")
    watching.wait_for_function(f"() => ({video})().paused")
    at_trainer = projector.evaluate(f"() => ({video})().currentTime")
    at_watcher = watching.evaluate(f"() => ({video})().currentTime")
    assert abs(at_trainer - at_watcher) < 1.0
