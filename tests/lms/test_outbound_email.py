"""The e-mail outbox: queued with the change, sent once, retried, failures shown."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events import services as events_services
from lms.email_outbox import email_enqueue, email_enqueue_deferred, email_outbox_send
from lms.models import OutboundEmail
from tests.conftest import PASSWORD
from tests.events.conftest import make_training, training, training_index  # noqa: F401

pytestmark = pytest.mark.django_db


class DisconnectingBackend(MemoryBackend):
    """A mail server that hangs up: a passing fault."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(MemoryBackend):
    """A mail server that refuses the address for good (5xx)."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {messages[0].to[0]: (550, b"5.1.1 No such user")}
        )


def message(to="jovana@example.org"):
    message = EmailMultiAlternatives(
        subject="Уверење је издато", body="Отворите Моја уверења.", to=[to]
    )
    message.attach_alternative("<p>Моја уверења</p>", "text/html")
    message.attach("qr-kod.png", b"\x89PNG\r\n\x1a\n\x00", "image/png")
    message.attach("obuka.ics", "BEGIN:VCALENDAR\r\n", "text/calendar")
    return message


def queue(**kwargs) -> OutboundEmail:
    with transaction.atomic():
        email_enqueue(message=message(**kwargs), kind="test")
    return OutboundEmail.objects.latest("pk")


def make_due(row: OutboundEmail) -> None:
    OutboundEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())


def test_an_e_mail_goes_out_once_after_the_commit_as_it_was_written(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue()
        assert mail.outbox == []  # not before the commit

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.subject, sent.to) == ("Уверење је издато", ["jovana@example.org"])
    assert sent.body == "Отворите Моја уверења."
    assert sent.alternatives[0][0] == "<p>Моја уверења</p>"
    assert sent.attachments[0][:2] == ("qr-kod.png", b"\x89PNG\r\n\x1a\n\x00")
    assert sent.attachments[1][:2] == ("obuka.ics", "BEGIN:VCALENDAR\r\n")
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    assert email_outbox_send() == 0  # the sweep finds nothing left
    assert len(mail.outbox) == 1


def test_the_e_mail_of_a_change_rolled_back_is_never_queued_or_sent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            email_enqueue(message=message())
            raise RuntimeError("the change failed")

    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_a_confirmation_is_queued_in_the_registrations_transaction(
    training,  # noqa: F811
    participant,
):
    with pytest.raises(RuntimeError), transaction.atomic():
        events_services.registration_create(
            training=training,
            user=participant,
            consent_data=True,
            consent_chamber=True,
        )
        assert OutboundEmail.objects.filter(kind="events.confirmed").count() == 1
        raise RuntimeError("rolled back after the registration")

    assert not OutboundEmail.objects.exists()


def test_a_mail_server_fault_is_retried_later_with_growing_delays(settings):
    settings.EMAIL_OUTBOX_RETRY_SECONDS = 60
    settings.EMAIL_BACKEND = "tests.lms.test_outbound_email.DisconnectingBackend"
    row = queue()

    assert email_outbox_send() == 0
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "SMTPServerDisconnected" in row.last_error
    first_delay = row.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_delay <= timedelta(seconds=60)
    assert email_outbox_send() == 0  # not due yet: no attempt
    row.refresh_from_db()
    assert row.attempts == 1

    make_due(row)
    email_outbox_send()
    row.refresh_from_db()
    second_delay = row.next_attempt_at - timezone.now()
    assert row.attempts == 2
    assert timedelta(seconds=110) < second_delay <= timedelta(seconds=120)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_due(row)
    assert email_outbox_send() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")
    assert [m.to for m in mail.outbox] == [["jovana@example.org"]]


def test_after_the_last_attempt_the_e_mail_has_failed(settings):
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 2
    settings.EMAIL_BACKEND = "tests.lms.test_outbound_email.DisconnectingBackend"
    row = queue()
    email_outbox_send()
    make_due(row)
    email_outbox_send()

    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 2)
    make_due(row)
    assert email_outbox_send() == 0
    row.refresh_from_db()
    assert row.attempts == 2


def test_a_refused_address_fails_at_once_and_staff_see_why(
    settings, client, staff_user
):
    settings.EMAIL_BACKEND = "tests.lms.test_outbound_email.RefusingBackend"
    row = queue(to="nepostoji@example.org")
    email_outbox_send()

    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 1)
    client.login(email=staff_user.email, password=PASSWORD)
    listing = reverse("wagtailsnippets_lms_outboundemail:list")
    page = client.get(listing, {"status": "failed"}).content.decode()
    assert "Уверење је издато" in page
    assert "nepostoji@example.org" in page
    assert "No such user" in page


def test_participants_do_not_see_the_outgoing_e_mails(client, participant):
    queue()
    client.login(email=participant.email, password=PASSWORD)
    listing = reverse("wagtailsnippets_lms_outboundemail:list")

    response = client.get(listing)
    assert response.status_code in (302, 403)
    assert "jovana@example.org" not in response.content.decode()


def test_an_e_mail_left_sending_by_a_dead_sender_goes_out_after_the_lease(settings):
    settings.EMAIL_OUTBOX_SENDING_LEASE_SECONDS = 300
    abandoned = queue(to="prva@example.org")
    in_flight = queue(to="druga@example.org")
    now = timezone.now()
    OutboundEmail.objects.filter(pk=abandoned.pk).update(
        status="sending", attempts=1, claimed_at=now - timedelta(seconds=301)
    )
    OutboundEmail.objects.filter(pk=in_flight.pk).update(
        status="sending", attempts=1, claimed_at=now - timedelta(seconds=30)
    )

    assert email_outbox_send() == 1
    assert [m.to for m in mail.outbox] == [["prva@example.org"]]
    abandoned.refresh_from_db()
    in_flight.refresh_from_db()
    assert (abandoned.status, abandoned.attempts) == ("sent", 2)
    assert in_flight.status == "sending"  # another sender may be on it


def built_later(*, name: str):
    if name == "nobody":
        return None
    return EmailMultiAlternatives(
        subject=f"За {name}", body="…", to=["ana@example.org"]
    )


def test_a_deferred_e_mail_is_built_when_sent_and_kept_for_staff(
    django_capture_on_commit_callbacks,
):
    builder = "tests.lms.test_outbound_email.built_later"
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            email_enqueue_deferred(builder=builder, arguments={"name": "Ану"})
            email_enqueue_deferred(builder=builder, arguments={"name": "nobody"})
        row = OutboundEmail.objects.earliest("pk")
        assert row.subject == ""  # nothing rendered inside the transaction

    assert [m.subject for m in mail.outbox] == ["За Ану"]
    sent, cancelled = OutboundEmail.objects.order_by("pk")
    assert (sent.status, sent.subject) == ("sent", "За Ану")
    assert sent.to == ["ana@example.org"]
    assert cancelled.status == "cancelled"


def test_a_registration_e_mail_is_built_after_the_commit_with_its_attachments(
    training,  # noqa: F811
    participant,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        events_services.registration_create(
            training=training,
            user=participant,
            consent_data=True,
            consent_chamber=True,
        )

    (sent,) = mail.outbox
    assert sent.to == [participant.email]
    names = [a[0] for a in sent.attachments]
    assert names == [f"obuka-{training.pk}.ics", "qr-kod.png"]
    row = OutboundEmail.objects.get(kind="events.confirmed")
    assert (row.status, row.subject) == ("sent", sent.subject)
    assert row.to == [participant.email]
