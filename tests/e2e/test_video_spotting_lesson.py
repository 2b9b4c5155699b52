"""A learner marks indicators in the demo video alone, in a lesson, on a phone.

The "I see an indicator" button and its picker (static/exercises/js/spotting.js
and spotting-common.js) turn taps into the form's hidden mark inputs, which the
expert's marks are then compared with.
"""

import io

import pytest
from playwright.sync_api import expect

from exercises import demo
from exercises.models import ExercisePage, ExerciseResponse
from tests.helpers import sr

VIDEO = "document.querySelector('[data-spot-video]')"


@pytest.mark.django_db(transaction=True)
def test_a_learner_marks_the_video_and_compares_with_the_expert(
    live_server, page, home_page
):
    demo.load_demo(io.StringIO())
    lesson = ExercisePage.objects.get(slug="indikatori-na-snimku")
    expert = lesson.body[0].value["marks"]
    at_four = next(i for i, m in enumerate(expert) if m["time"] == 4.0)
    passports = expert[at_four]["indicator"]

    page.goto(f"{live_server.url}{lesson.url}")
    # The whole video is loaded into the page, where it can seek.
    page.wait_for_function(
        f"() => {VIDEO}.src.startsWith('blob:') && {VIDEO}.readyState >= 1"
    )
    page.evaluate(
        "v => new Promise(done => {"
        " v.addEventListener('seeked', done, {once: true}); v.currentTime = 4.2; })",
        page.locator("[data-spot-video]").element_handle(),
    )
    see = page.locator("[data-spot-see]")
    picker = page.locator("[data-spot-picker]")
    marks = page.locator("[data-spot-marks] li")

    see.click()  # a tap, then cancelled: nothing is marked
    expect(picker).to_be_visible()
    expect(page.locator("[data-spot-at]")).to_have_text("(0:04.2)")
    expect(picker.locator("[data-spot-indicator]").first).to_be_focused()
    picker.locator("[data-spot-cancel]").click()
    expect(picker).to_be_hidden()
    expect(see).to_be_focused()
    expect(marks).to_have_count(0)

    see.click()
    picker.locator(f"[data-spot-indicator='{passports.pk}']").click()
    expect(picker).to_be_hidden()
    expect(marks).to_have_count(1)
    expect(marks.first).to_contain_text(f"0:04.2 · {passports.text}")
    expect(page.locator("[data-spot-empty]")).to_be_hidden()
    see.click()  # a second mark, taken back
    picker.locator("[data-spot-indicator]").last.click()
    expect(marks).to_have_count(2)
    marks.nth(1).get_by_role("button").click()
    expect(marks).to_have_count(1)

    page.get_by_role("button", name=sr("Compare with the expert")).click()
    found = page.locator("[data-status=found]")
    expect(found).to_have_count(1)
    expect(found).to_contain_text(passports.text)
    assert ExerciseResponse.objects.get(page=lesson).result["found"] == [at_four]
