"""E-mails to participants about their registrations (queued in the outbox)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from events.ical import calendar_bytes
from events.qr import qr_png
from lms.email_outbox import email_enqueue_deferred
from lms.mail import render_plain_text


def _context(registration) -> dict:
    from events.consent import consent_url

    site = settings.SITE_URL.rstrip("/")
    return {
        "consent_url": consent_url(registration),
        "registration": registration,
        "training": registration.training,
        "user": registration.user,
        "training_url": site + (registration.training.url or ""),
        "my_trainings_url": site + reverse("events:my_trainings"),
    }


def _message(registration, kind: str) -> EmailMessage:
    context = _context(registration)
    subject = render_plain_text(f"events/email/{kind}_subject.txt", context)
    body = render_plain_text(f"events/email/{kind}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[registration.user.email],
    )


def registration_email_send(registration, *, kind: str) -> None:
    """Queue ``kind`` of e-mail (see templates/events/email/) to the person.

    Queued in the caller's transaction and built and sent after it commits,
    outside the caller's locks (see ``lms.email_outbox``).
    """
    if registration.user is None or not registration.user.email:
        return
    if registration.user.email.endswith(".invalid"):
        return  # walk-ins without an address
    email_enqueue_deferred(
        builder="events.emails.registration_message",
        arguments={"registration_id": registration.pk, "kind": kind},
        kind=f"events.{kind}",
    )


def registration_message(*, registration_id: int, kind: str) -> EmailMessage | None:
    """The e-mail itself; confirmations carry the .ics file and the QR code."""
    from events.models import Registration

    registration = (
        Registration.objects.select_related("training", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.user is None:
        return None  # the account was deleted meanwhile
    message = _message(registration, kind)
    if kind in ("confirmed", "promoted", "changed", "training_cancelled"):
        training = registration.training
        message.attach(
            f"obuka-{training.pk}.ics",
            calendar_bytes([training], name=training.title),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
        if registration.is_confirmed and kind != "training_cancelled":
            message.attach("qr-kod.png", qr_png(registration), "image/png")
    return message
