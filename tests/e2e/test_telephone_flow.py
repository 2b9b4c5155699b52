"""A trainer and two phones play the broken telephone in real browsers.

A Daphne process serves the test database (see tests/e2e/test_live_quiz.py):
the trainer's laptop runs the control, two 360 px phones join by the code
typed on the room's join page, each reads the previous version, writes its
own from memory, and the trainer reveals the chain with its word diff.
"""

import pytest
from playwright.sync_api import expect

from activities import services
from activities.models import ActivityContent, ActivityKind, ChainLink
from tests.helpers import sr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CASE = "Марија је добила понуду за посао у Бечу и послодавац јој је узео пасош."


@pytest.fixture
def run(trainer):
    content = ActivityContent.objects.create(
        kind=ActivityKind.TELEPHONE,
        title="Глуви телефони",
        case_text=CASE,
        debrief="Зато су потребне конференције случаја.",
    )
    return services.run_create(
        user=trainer, content=content, chain_order="seat", read_seconds=3
    )


def _join(phone, code: str, seat: int) -> None:
    phone.goto("/uzivo/")
    phone.locator("#live-code").fill(code.lower())
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_url(f"**/aktivnosti/{code}/")
    phone.locator("#act-seat").fill(str(seat))
    phone.locator("[data-act-join] button[type=submit]").click()
    expect(phone.locator("[data-act-hint]")).to_have_text(
        sr("You are in. The trainer will start soon.")
    )


def _retell(phone, read: str, write: str) -> None:
    expect(phone.locator("[data-act-text]")).to_have_text(read)
    textarea = phone.locator("#act-retelling")
    expect(textarea).to_be_visible()  # the text is gone, writing is open
    expect(phone.locator("[data-act-text]")).to_be_hidden()
    textarea.fill(write)
    phone.locator("[data-act-retell] button[type=submit]").click()
    expect(phone.locator("[data-act-hint]")).to_have_text(
        sr("Thank you, your version was passed on.")
    )


def test_trainer_and_two_phones_pass_a_story_on(trainer_page, phones, run):
    trainer, (first, second) = trainer_page, phones
    trainer.goto(f"/aktivnosti/{run.code}/kontrola/")
    expect(trainer.locator("[data-act-status]")).to_have_text(
        sr("Waiting to start. Phones are joining.")
    )
    _join(first, run.code, 1)
    _join(second, run.code, 2)
    expect(trainer.locator("[data-act-counts]")).to_contain_text("2")

    trainer.locator("[data-action=start]").click()
    expect(second.locator("[data-act-hint]")).to_contain_text("1")  # one before it
    _retell(first, CASE, "Марија је добила посао у Бечу и узели су јој пасош.")
    _retell(
        second,
        "Марија је добила посао у Бечу и узели су јој пасош.",
        "Марија ради у Бечу без пасоша.",
    )

    trainer.locator("[data-action=reveal]").click()
    board = trainer.locator("[data-act-board]")
    expect(board.locator(".act-chain__step")).to_have_count(3)
    expect(board.locator("ins.act-diff--added").first).to_be_visible()
    expect(board.locator("del.act-diff--lost").first).to_be_visible()
    expect(board).to_contain_text("Зато су потребне конференције случаја.")
    assert list(ChainLink.objects.values_list("status", flat=True)) == ["done", "done"]
