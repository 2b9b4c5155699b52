"""Notifications: only that something changed, with a link. Never any content.

The templates get the referral's number and a link, nothing else, so no
description, message, note or place can slip into an e-mail.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def _send(kind: str, to: list[str], url: str, number: str) -> None:
    if not to:
        return
    context = {"url": settings.SITE_URL.rstrip("/") + url, "number": number}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"referrals/email/{kind}_subject.txt", context)
        body = render_to_string(f"referrals/email/{kind}.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=to).send()


def notify_referrer(referral, *, kind: str) -> None:
    user = referral.referrer
    if user is None or not user.email or referral.invented:
        return
    url = reverse("referrals:detail", args=[referral.pk])
    _send(f"referrer_{kind}", [user.email], url, referral.number)


def notify_centre(referral, *, kind: str) -> None:
    from referrals.selectors import case_worker_emails

    if referral.invented:
        return
    url = reverse("referrals:detail", args=[referral.pk])
    if referral.assigned_to_id and referral.assigned_to.email:
        to = [referral.assigned_to.email]
    else:
        to = case_worker_emails()
    _send(f"centre_{kind}", to, url, referral.number)
