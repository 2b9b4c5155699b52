"""Issue 13.1: the demo outbox must not hand anyone else's reset link out."""

import re

import pytest

from lms.models import OutboxMessage
from tests.conftest import PASSWORD

RESET_LINK = re.compile(r"/accounts/password/reset/key/[^\s\"'<]+")
CONFIRM_LINK = re.compile(r"/accounts/confirm-email/[^\s\"'<]+")
NEW_PASSWORD = "Preuzet-nalog-2026"


def request_reset(client, email):
    response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 302


def outbox_pages(client) -> list:
    pages = [client.get("/dev/outbox/")]
    pages += [client.get(f"/dev/outbox/{m.pk}/") for m in OutboxMessage.objects.all()]
    return pages


@pytest.mark.parametrize("who", ["anonymous", "participant", "trainer", "chamber"])
def test_nobody_but_staff_takes_over_the_trainer_through_the_outbox(
    client, people_by_role, outbox_email, who
):
    trainer = people_by_role["trainer"]
    request_reset(client, "trener@example.org")
    assert RESET_LINK.search(OutboxMessage.objects.get().body)  # the bait is there
    if people_by_role[who]:
        client.force_login(people_by_role[who])

    pages = outbox_pages(client)

    for page in pages:
        assert page.status_code in (302, 403)
        assert not RESET_LINK.search(page.content.decode())
    # Nothing led to a new password: the trainer's own still works.
    trainer.refresh_from_db()
    assert trainer.check_password(PASSWORD)
    assert not trainer.check_password(NEW_PASSWORD)


def test_sign_up_confirmation_links_are_not_shown_to_a_visitor(
    client, db, outbox_email
):
    client.post(
        "/accounts/signup/",
        {
            "email": "posetilac@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert CONFIRM_LINK.search(OutboxMessage.objects.get().body)

    for page in outbox_pages(client):
        assert page.status_code == 302
        assert page["Location"].startswith("/accounts/login/")
        assert not CONFIRM_LINK.search(page.content.decode())


def test_the_staff_member_running_the_demo_reads_the_link(
    client, trainer, staff_user, outbox_email
):
    request_reset(client, "trener@example.org")
    client.force_login(staff_user)

    message = OutboxMessage.objects.get()
    page = client.get(f"/dev/outbox/{message.pk}/")

    assert page.status_code == 200
    assert RESET_LINK.search(page.content.decode())
