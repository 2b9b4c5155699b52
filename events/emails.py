"""E-mails to participants about their registrations (sent after commit)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from events.ical import calendar_bytes
from events.qr import qr_png
from lms.mail import render_plain_text


def _context(registration) -> dict:
    site = settings.SITE_URL.rstrip("/")
    return {
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
    """Send ``kind`` of e-mail (see templates/events/email/) to the person.

    Confirmations carry the .ics file and the personal QR code.
    """
    if registration.user is None or not registration.user.email:
        return
    if registration.user.email.endswith(".invalid"):
        return  # walk-ins without an address
    message = _message(registration, kind)
    if kind in ("confirmed", "promoted", "changed", "training_cancelled"):
        training = registration.training
        message.attach(
            f"obuka-{training.pk}.ics",
            calendar_bytes([training], name=training.title),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
        if registration.status == "confirmed" and kind != "training_cancelled":
            message.attach("qr-kod.png", qr_png(registration), "image/png")
    message.send()
