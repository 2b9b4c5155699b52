"""Anxiety balloons and the collage of belonging, in real browsers.

A Daphne process serves the test database (see tests/e2e/test_live_quiz.py).
The trainer's laptop runs the control and moderates, a room computer shows
the projector with the run's key, and two 360 px phones join by the code
typed on the room's join page.
"""

import pytest
from playwright.sync_api import expect

from activities.models import Balloon, CollagePiece
from tests.helpers import sr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def patient_expect():
    """Four browsers and a server share two cores: allow the room 20 s."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def room(trainer_page, open_page, phones):
    """The trainer's laptop, the room's computer on the projector, two phones."""
    return [trainer_page, open_page(laptop=True), *phones]


def _start(room, run) -> None:
    """The control and the projector open, the phones join by the room's
    code, and the trainer starts."""
    trainer, screen, *phones = room
    trainer.goto(f"/aktivnosti/{run.code}/kontrola/")
    screen.goto(f"/aktivnosti/{run.code}/ekran/?kljuc={run.screen_key}")
    expect(trainer.locator("[data-act-status]")).to_have_text(
        sr("Waiting to start. Phones are joining.")
    )
    for phone in phones:
        phone.goto("/uzivo/")
        phone.locator("#live-code").fill(run.code.lower())
        phone.locator("form.form button[type=submit]").click()
        phone.wait_for_url(f"**/aktivnosti/{run.code}/")
    trainer.locator("[data-action=start]").click()


def test_balloons_are_moderated_grouped_and_rise_on_the_projector(
    room, make_run, balloons_content
):
    trainer, screen, first, second = room
    run = make_run(balloons_content, moderated=True)
    _start(room, run)

    for phone, word in ((first, "Страх"), (second, "strah"), (second, "Стид")):
        phone.locator("#act-word").fill(word)
        phone.locator("[data-act-balloon] button[type=submit]").click()
        expect(phone.locator("[data-act-feedback]")).to_have_text(
            sr("Thank you. The trainer will show it on the screen.")
        )
    pending = trainer.locator("[data-act-pending] li")
    expect(pending).to_have_count(3)
    expect(screen.locator(".act-balloon")).to_have_count(0)  # not approved yet

    # "Страх" and "strah" are one word: approving it once shows both.
    pending.filter(has_text="Страх").get_by_role(
        "button", name=sr("Approve all identical")
    ).click()
    expect(pending).to_have_count(1)
    balloon = screen.locator(".act-balloon")
    expect(balloon).to_have_count(1)
    expect(balloon.locator(".act-balloon__count")).to_have_text("×2")
    pending.get_by_role("button", name=sr("Reject")).click()
    expect(pending).to_have_count(0)
    expect(screen.locator(".act-balloon")).to_have_count(1)

    trainer.on("dialog", lambda dialog: dialog.accept())
    trainer.locator("[data-action=close]").click()
    expect(first.locator("[data-act-status]")).to_have_text(
        sr("The activity has finished. Thank you for taking part!")
    )
    assert not Balloon.objects.filter(run=run).exists()  # nothing was saved


def test_the_collage_is_composed_from_the_editors_images(
    room, make_run, collage_content
):
    trainer, screen, first, second = room
    run = make_run(collage_content, moderated=False)
    _start(room, run)

    for phone, index, word in ((first, 0, "дом"), (second, 1, "")):
        form = phone.locator("[data-act-piece]")
        expect(form).to_be_visible()
        form.locator("input[name=image]").nth(index).check(force=True)
        form.locator("#act-piece-word").fill(word)
        form.locator("button[type=submit]").click()
        expect(phone.locator("[data-act-feedback]")).to_have_text(
            sr("Thank you. You may send another one.")
        )
    pieces = screen.locator(".act-collage__piece")
    expect(pieces).to_have_count(2)
    expect(pieces.first.locator("img")).to_have_attribute("alt", "Слика kuca")
    expect(screen.locator(".act-collage__word")).to_have_text("дом")
    assert CollagePiece.objects.filter(run=run, status="approved").count() == 2
