"""The development outbox: e-mails kept for people trying the platform."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from lms.models import OutboxMessage
from tests.helpers import main_text, soup


def send_verification_like_mail():
    message = EmailMultiAlternatives(
        subject="Потврдите адресу е-поште",
        body="Отворите http://testserver/accounts/confirm-email/abc/ да потврдите.",
        to=["jovana@example.org", "kopija@example.org"],
    )
    message.attach_alternative("<p>Отворите везу</p>", "text/html")
    message.attach("potvrda.pdf", b"%PDF-1.7", "application/pdf")
    message.send()


def test_the_tests_send_e_mail_to_memory_only(db):
    send_verification_like_mail()

    assert len(mail.outbox) == 1
    assert not OutboxMessage.objects.exists()


def test_the_outbox_backend_keeps_a_copy_of_every_message(db, outbox_email, capsys):
    send_verification_like_mail()

    stored = OutboxMessage.objects.get()
    assert stored.to == "jovana@example.org, kopija@example.org"
    assert stored.subject == "Потврдите адресу е-поште"
    assert "http://testserver/accounts/confirm-email/abc/" in stored.body
    assert stored.html_body == "<p>Отворите везу</p>"
    assert stored.attachments == [
        {"filename": "potvrda.pdf", "mimetype": "application/pdf"}
    ]
    # Also printed, as the console backend does.
    assert "jovana@example.org" in capsys.readouterr().out


def test_the_outbox_page_lists_the_messages(client, staff_user, outbox_email):
    send_verification_like_mail()
    client.force_login(staff_user)

    response = client.get("/dev/outbox/")

    assert response.status_code == 200
    rows = soup(response).find("tbody").find_all("tr")
    assert len(rows) == 1
    assert "jovana@example.org" in rows[0].get_text()
    link = rows[0].find("a")
    assert link.get_text() == "Потврдите адресу е-поште"
    assert link["href"] == f"/dev/outbox/{OutboxMessage.objects.get().pk}/"


def test_the_message_page_makes_the_link_clickable(client, staff_user, outbox_email):
    send_verification_like_mail()
    client.force_login(staff_user)

    response = client.get(f"/dev/outbox/{OutboxMessage.objects.get().pk}/")

    assert response.status_code == 200
    assert "Отворите" in main_text(response)
    hrefs = [a["href"] for a in soup(response).main.find_all("a")]
    assert "http://testserver/accounts/confirm-email/abc/" in hrefs


def test_the_verification_e_mail_reaches_the_outbox(client, db, outbox_email):
    client.post(
        "/accounts/signup/",
        {
            "email": "jovana@example.org",
            "password1": "Dugacka-lozinka-77",
            "password2": "Dugacka-lozinka-77",
        },
    )

    stored = OutboxMessage.objects.get()
    assert stored.to == "jovana@example.org"
    assert "/accounts/confirm-email/" in stored.body


@pytest.mark.parametrize("path", ["/dev/outbox/", "/dev/outbox/{pk}/"])
def test_without_the_outbox_the_pages_do_not_exist(
    client, staff_user, outbox_email, settings, path
):
    send_verification_like_mail()
    client.force_login(staff_user)
    settings.OUTBOX_ENABLED = False

    response = client.get(path.format(pk=OutboxMessage.objects.get().pk))

    assert response.status_code == 404


def test_without_the_outbox_the_demo_banner_is_gone(client, home_page, settings):
    assert soup(client.get("/")).find(class_="demo-banner")

    settings.OUTBOX_ENABLED = False

    assert soup(client.get("/")).find(class_="demo-banner") is None


@pytest.mark.parametrize("path", ["/dev/outbox/", "/dev/outbox/{pk}/"])
def test_a_visitor_is_sent_to_log_in_and_sees_no_message(
    client, db, outbox_email, path
):
    send_verification_like_mail()

    response = client.get(path.format(pk=OutboxMessage.objects.get().pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/dev/outbox/", "/dev/outbox/{pk}/"])
def test_a_participant_or_trainer_may_not_read_the_outbox(
    client, participant, trainer, outbox_email, path
):
    send_verification_like_mail()
    for person in (participant, trainer):
        client.force_login(person)

        response = client.get(path.format(pk=OutboxMessage.objects.get().pk))

        assert response.status_code == 403
        assert "confirm-email" not in response.content.decode()


def test_the_banner_links_the_outbox_for_staff_only(client, home_page, staff_user):
    banner = soup(client.get("/")).find(class_="demo-banner")
    assert banner.find("a") is None

    client.force_login(staff_user)

    banner = soup(client.get("/")).find(class_="demo-banner")
    assert banner.find("a")["href"] == "/dev/outbox/"
