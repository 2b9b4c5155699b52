"""Reads of referrals. Every read of one referral goes through here and is audited."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from lms.models import User
from referrals import access
from referrals.models import (
    Action,
    Referral,
    ReferralAttachment,
    ReferralEvent,
    Status,
)
from referrals.roles import CASE_WORKER, HEAD
from referrals.services import referral_event_record


def referral_get_for_reader(*, user, pk: int, action: str = Action.VIEWED) -> Referral:
    """The referral ``pk`` if ``user`` may read it, with the read audited.

    A refused attempt on an existing referral is audited too; the person sees
    404 either way, so nobody learns which numbers exist.
    """
    referral = (
        Referral.objects.select_related(
            "referrer", "assigned_to", "municipality", "system"
        )
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    if not access.can_read(user, referral):
        referral_event_record(referral=referral, actor=user, action=Action.REFUSED)
        raise Http404
    with transaction.atomic():
        referral_event_record(referral=referral, actor=user, action=action)
    return referral


def attachment_get_for_reader(*, user, pk: int) -> ReferralAttachment:
    attachment = ReferralAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    referral_get_for_reader(
        user=user, pk=attachment.referral_id, action=Action.ATTACHMENT_READ
    )
    return attachment


def referrals_listed(*, user, referrals) -> None:
    """Audit a list: one ``listed`` row per referral it showed to ``user``.

    Lists show no content, but they do show who referred from where and when,
    so they count as reads too.
    """
    ReferralEvent.objects.bulk_create(
        [
            ReferralEvent(
                referral_id=referral.pk,
                actor=user,
                actor_label=user.email,
                action=Action.LISTED,
                status=referral.status,
            )
            for referral in {r.pk: r for r in referrals}.values()
        ]
    )


def referrals_of(user) -> list[Referral]:
    """The person's own referrals (drafts too), the listing audited."""
    referrals = list(
        Referral.objects.filter(referrer=user)
        .without_content()
        .select_related("municipality")
    )
    referrals_listed(user=user, referrals=referrals)
    return referrals


def queue(*, user, now=None) -> dict[str, list[Referral]]:
    """The case workers' queue: new, assigned and overdue (counts and rows)."""
    now = now or timezone.now()
    overdue_before = now - timedelta(hours=settings.REFERRALS_OVERDUE_HOURS)
    base = (
        Referral.objects.open()
        .without_content()
        .select_related("municipality", "assigned_to", "system")
        .order_by("sent_at")
    )
    lists = {
        "new": list(base.filter(assigned_to__isnull=True)),
        "assigned": list(base.filter(assigned_to__isnull=False)),
        "overdue": list(
            base.filter(status=Status.RECEIVED, sent_at__lt=overdue_before)
        ),
    }
    referrals_listed(user=user, referrals=[r for rows in lists.values() for r in rows])
    return lists


def case_workers():
    return User.objects.filter(
        is_active=True, groups__name__in=[CASE_WORKER, HEAD]
    ).distinct()


def case_worker_emails() -> list[str]:
    return sorted({u.email for u in case_workers() if u.email})


def require_case_worker(user) -> None:
    if not access.is_case_worker(user):
        raise PermissionDenied
