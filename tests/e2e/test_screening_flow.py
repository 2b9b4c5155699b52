"""A learner practises the screening tool on a case study from a phone."""

import io

import pytest

from exercises import demo
from exercises.models import CaseAttempt


@pytest.mark.django_db(transaction=True)
def test_a_learner_marks_indicators_on_a_phone_and_reads_the_feedback(
    live_server, page, client, home_page, participant
):
    demo.load_demo(io.StringIO())
    client.force_login(participant)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )

    page.goto(f"{live_server.url}/studije-slucaja/")
    page.get_by_role("link", name="Градилиште на ободу града").click()
    # The expert's notes are not shown before the learner answers.
    assert page.locator(".story").get_by_text("Пасоше држи").count() == 0
    assert page.get_by_text("кажу да је пасоше „узео шеф").is_visible()

    page.get_by_text("Неко други држи пасош, личну карту").click()
    page.get_by_text("Особа ради без плате или за много мање").click()
    page.get_by_text("Особа не може слободно да напусти место").click()
    page.get_by_text("Разговарати са особом насамо").click()
    assert page.locator("[data-checklist-count]").inner_text().endswith("3")
    page.locator("form[data-checklist] button[type=submit]").click()

    feedback = page.locator("[data-feedback]")
    feedback.wait_for()
    found = page.locator("[data-found]")
    assert found.get_by_text("Пасоше држи шеф.").is_visible()
    missed = page.locator("[data-missed]")
    assert missed.get_by_text("Платили су агенцији велики износ").is_visible()
    wrong = page.locator("[data-wrong]")
    assert wrong.get_by_text("нису закључани").is_visible()
    comparison = page.locator("[data-level-compare]").inner_text()
    assert "“" in comparison or "„" in comparison
    assert page.get_by_text("Разговор насамо, уз преводиоца").is_visible()
    # The page fits a phone: nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360

    attempt = CaseAttempt.objects.get()
    assert attempt.user == participant
    assert attempt.expected_level == "high"
