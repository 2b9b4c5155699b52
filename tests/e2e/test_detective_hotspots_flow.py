"""A learner solves the picture detective mystery on a phone, by tapping."""

import io

import pytest

from exercises import demo
from exercises.models import ExercisePage, ExerciseResponse


@pytest.mark.django_db(transaction=True)
def test_a_learner_taps_details_in_the_picture_and_reads_what_they_mean(
    live_server, page, home_page
):
    demo.load_demo(io.StringIO())
    mystery = ExercisePage.objects.get(slug="detektivska-misterija-slika")
    hotspots = mystery.body[0].value["hotspots"]
    signs = [h["label"] for h in hotspots if h["is_sign"]]
    others = [h["label"] for h in hotspots if not h["is_sign"]]

    page.goto(f"{live_server.url}{mystery.url}")
    # With JavaScript the details are buttons over the picture, not a list.
    assert not page.locator("[data-hotspot-list]").is_visible()
    first = page.get_by_role("button", name=signs[0])
    first.tap()
    assert first.get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name=others[0]).tap()
    # A keyboard works too: focus the next sign and press the space bar.
    page.get_by_role("button", name=signs[1]).focus()
    page.keyboard.press("Space")
    assert page.get_by_role("button", name=signs[1]).get_attribute("aria-pressed") == (
        "true"
    )
    # Tapping again unmarks.
    page.get_by_role("button", name=others[0]).tap()
    page.get_by_role("button", name=others[0]).tap()
    assert page.locator("[data-hotspot-count]").inner_text().endswith("3")
    box = first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("button", name="Откријте").tap()
    revealed = page.locator("[data-hotspot-feedback]")
    revealed.wait_for()
    found = revealed.locator("[data-status=found]")
    assert found.count() == 2
    assert signs[0] in found.first.inner_text()
    assert revealed.locator("[data-status=missed]").count() == len(signs) - 2
    assert revealed.locator("[data-status=false_alarm]").count() == 1
    for hotspot in hotspots:
        assert page.get_by_text(hotspot["explanation"]).is_visible()
    assert page.locator(".hotspot-mark").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert ExerciseResponse.objects.get().result["hotspots"]["false_alarm"] == [
        next(i for i, h in enumerate(hotspots) if h["label"] == others[0])
    ]
