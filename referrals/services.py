"""State changes of referrals. Each writes its audit row in the same transaction.

Writes to one referral lock its row first (``select_for_update``), so two case
workers assigning or closing at once apply one after the other. E-mails go out
after commit and say only that something changed, with a link: never content.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from lms.institution_types import institution_type
from referrals import storage
from referrals.emails import notify_centre, notify_referrer
from referrals.models import (
    CONTENT_FIELDS,
    Action,
    AgeGroup,
    IdentifiedPerson,
    Outcome,
    PersonOutcome,
    Referral,
    ReferralAttachment,
    ReferralEvent,
    ReferralMessage,
    Status,
)

logger = logging.getLogger(__name__)

DRAFT_FIELDS = (
    "municipality",
    "age_group",
    "urgency",
    "contact_way",
    "contact_details",
    "description",
    "actions_taken",
)


class ReferralError(ValidationError):
    """A change the rules do not allow; the message is for the person."""


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def referral_event_record(
    *, referral: Referral, actor, action: str, note: str = ""
) -> ReferralEvent:
    """One audit row (reads included)."""
    known = getattr(actor, "is_authenticated", False)
    return ReferralEvent.objects.create(
        referral=referral,
        actor=actor if known else None,
        actor_label=actor.email if known else "",
        action=action,
        status=referral.status,
        note=note,
    )


def _profile_context(user) -> dict:
    profile = getattr(user, "profile", None)
    system = getattr(profile, "system", None)
    name = getattr(getattr(profile, "institution", None), "name", "")
    return {
        "system": system,
        "institution_name": name,
        "institution_type": institution_type(name, getattr(system, "key", "")),
    }


@sensitive_variables()
@transaction.atomic
def referral_create_draft(
    *,
    referrer,
    indicator_ids: list[int] | None = None,
    screening_level: str = "",
    **fields,
) -> Referral:
    """A draft of the referrer's; nothing reaches the Centre until it is sent."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown draft fields: {sorted(unknown)}")
    profile = getattr(referrer, "profile", None)
    fields.setdefault("municipality", getattr(profile, "municipality", None))
    referral = Referral.objects.create(
        referrer=referrer,
        indicator_ids=sorted({int(i) for i in indicator_ids or []}),
        screening_level=screening_level,
        **_profile_context(referrer),
        **fields,
    )
    referral_event_record(referral=referral, actor=referrer, action=Action.CREATED)
    return referral


@sensitive_variables()
@transaction.atomic
def referral_update_draft(*, referral: Referral, actor, **fields) -> Referral:
    """Change a draft (only its referrer, only while it is a draft)."""
    referral = _locked(referral)
    if referral.status != Status.DRAFT or referral.referrer_id != actor.pk:
        raise ReferralError(_("Only your own unsent draft can be changed."))
    for name, value in fields.items():
        if name not in DRAFT_FIELDS:
            raise TypeError(f"unknown draft field: {name}")
        setattr(referral, name, value)
    referral.save()
    referral_event_record(referral=referral, actor=actor, action=Action.UPDATED)
    return referral


def _missing(referral: Referral) -> list[str]:
    missing = []
    if not referral.municipality_id:
        missing.append(str(_("municipality where the person is")))
    if not referral.age_group:
        missing.append(str(_("age group")))
    if not referral.description.strip():
        missing.append(str(_("description")))
    return missing


def _last_training(user, before):
    """The referrer's last attended training before ``before`` (or None)."""
    from events.models import Attendance

    attendance = (
        Attendance.objects.filter(
            registration__user=user, registration__training__start__lte=before
        )
        .select_related("registration__training")
        .order_by("-registration__training__start")
        .first()
    )
    return attendance.registration.training if attendance else None


@transaction.atomic
def referral_send(*, referral: Referral, actor, now=None) -> Referral:
    """Send a draft to the Centre: it enters the queue as received."""
    referral = _locked(referral)
    if referral.status != Status.DRAFT or referral.referrer_id != actor.pk:
        raise ReferralError(_("This referral has already been sent."))
    missing = _missing(referral)
    if missing:
        raise ReferralError(
            _("Fill in before sending: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    now = now or timezone.now()
    for name, value in _profile_context(actor).items():
        setattr(referral, name, value)
    referral.trained_at = _last_training(actor, now)
    referral.referrer_trained = referral.trained_at is not None
    referral.status = Status.RECEIVED
    referral.sent_at = now
    referral.save()
    referral_event_record(referral=referral, actor=actor, action=Action.SENT)
    transaction.on_commit(lambda: notify_centre(referral, kind="new"), robust=True)
    transaction.on_commit(lambda: notify_referrer(referral, kind="sent"), robust=True)
    return referral


@transaction.atomic
def referral_assign(*, referral: Referral, actor, assignee) -> Referral:
    """Give the referral to a case worker (or take it)."""
    from referrals.access import is_case_worker

    if assignee is not None and not is_case_worker(assignee):
        raise ReferralError(_("Referrals can only be assigned to case workers."))
    referral = _locked(referral)
    if referral.status == Status.DRAFT:
        raise ReferralError(_("A draft cannot be assigned."))
    referral.assigned_to = assignee
    referral.assigned_at = timezone.now() if assignee else None
    if referral.status == Status.RECEIVED and assignee:
        referral.status = Status.ASSESSING
    referral.save()
    referral_event_record(referral=referral, actor=actor, action=Action.ASSIGNED)
    return referral


@sensitive_variables()
@transaction.atomic
def referral_status_change(
    *, referral: Referral, actor, status: str, note: str = "", outcome: str = ""
) -> Referral:
    """Move the referral on; closing needs an outcome category."""
    referral = _locked(referral)
    if referral.status in (Status.DRAFT,) or status == Status.DRAFT:
        raise ReferralError(_("A draft's status cannot be changed here."))
    if status not in Status.values:
        raise ReferralError(_("Unknown status."))
    if outcome and outcome not in Outcome.values:
        raise ReferralError(_("Unknown outcome."))
    if status == Status.CLOSED and not (outcome or referral.outcome):
        raise ReferralError(_("Choose an outcome before closing the referral."))
    referral.status = status
    if outcome:
        referral.outcome = outcome
    referral.closed_at = timezone.now() if status == Status.CLOSED else None
    referral.save()
    referral_event_record(
        referral=referral, actor=actor, action=Action.STATUS, note=note
    )
    transaction.on_commit(lambda: notify_referrer(referral, kind="status"), robust=True)
    return referral


@transaction.atomic
def referral_identified_set(
    *,
    referral: Referral,
    actor,
    people: list[tuple[str, str]],
    kind: str = PersonOutcome.IDENTIFIED,
) -> list[IdentifiedPerson]:
    """Record the people identified, or those helped: (age group, gender) pairs
    and nothing else. Replaces the earlier record of the same kind."""
    if kind not in PersonOutcome.values:
        raise ReferralError(_("Unknown outcome."))
    referral = _locked(referral)
    for age_group, gender in people:
        if age_group not in (AgeGroup.CHILD, AgeGroup.ADULT):
            raise ReferralError(_("Choose child or adult."))
        if gender not in ("female", "male", "other"):
            raise ReferralError(_("Choose a gender."))
    referral.identified.filter(kind=kind).delete()
    created = IdentifiedPerson.objects.bulk_create(
        [
            IdentifiedPerson(referral=referral, age_group=a, gender=g, kind=kind)
            for a, g in people
        ]
    )
    if people and not referral.outcome:
        referral.outcome = (
            Outcome.IDENTIFIED if kind == PersonOutcome.IDENTIFIED else Outcome.HELPED
        )
        referral.save(update_fields=["outcome"])
    referral_event_record(referral=referral, actor=actor, action=Action.OUTCOME)
    return created


@sensitive_variables()
@transaction.atomic
def referral_message_add(*, referral: Referral, author, body: str, from_centre: bool):
    """A message in the thread; the other side gets an e-mail without it."""
    body = (body or "").strip()
    if not body:
        raise ReferralError(_("Write a message."))
    referral = _locked(referral)
    if referral.status == Status.DRAFT or referral.purged_at:
        raise ReferralError(_("Messages cannot be added to this referral."))
    message = ReferralMessage.objects.create(
        referral=referral, author=author, from_centre=from_centre, body=body
    )
    referral_event_record(referral=referral, actor=author, action=Action.MESSAGE)
    if from_centre:
        transaction.on_commit(
            lambda: notify_referrer(referral, kind="message"), robust=True
        )
    else:
        transaction.on_commit(
            lambda: notify_centre(referral, kind="message"), robust=True
        )
    return message


def _check_upload(upload) -> str:
    content_type = storage.sniff_type(upload)
    if content_type not in settings.REFERRALS_ATTACHMENT_TYPES:
        raise ReferralError(
            _("Only PDF, JPEG, PNG and Word (.docx) files can be attached.")
        )
    if upload.size > settings.REFERRALS_MAX_ATTACHMENT_BYTES:
        raise ReferralError(
            _("The file is too large (at most %(mb)s MB).")
            % {"mb": settings.REFERRALS_MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    return content_type


@sensitive_variables()
def referral_attachment_add(*, referral: Referral, actor, upload) -> ReferralAttachment:
    """Encrypt and store a file; checks type by content and size first."""
    content_type = _check_upload(upload)
    if referral.purged_at:
        raise ReferralError(_("Messages cannot be added to this referral."))
    name = secrets.token_hex(16)
    storage.write(name, b"".join(upload.chunks()))
    try:
        with transaction.atomic():
            attachment = ReferralAttachment.objects.create(
                referral=referral,
                uploaded_by=actor,
                filename=upload.name[:200],
                content_type=content_type,
                size=upload.size,
                storage_name=name,
            )
            referral_event_record(
                referral=referral, actor=actor, action=Action.ATTACHMENT_ADDED
            )
    except Exception:
        storage.delete(name)  # no orphaned ciphertext
        raise
    return attachment


def _purge_content(referral: Referral, *, now) -> None:
    for name in CONTENT_FIELDS:
        setattr(referral, name, "")
    referral.purged_at = now
    referral.save()
    referral.messages.all().delete()
    for attachment in referral.attachments.all():
        storage.delete(attachment.storage_name)
    referral.attachments.all().delete()
    referral.events.exclude(note="").update(note="")


def referral_purge_expired(*, now=None) -> int:
    """Empty the content of referrals closed longer than the retention period.

    What the figures count (dates, place, system, outcome, identified people's
    age group and gender) and the audit log stay.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REFERRALS_RETENTION_DAYS)
    due = Referral.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, purged_at__isnull=True
    ).values_list("pk", flat=True)
    purged = 0
    for pk in list(due):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=pk)
            _purge_content(referral, now=now)
            referral_event_record(referral=referral, actor=None, action=Action.PURGED)
        purged += 1
    if purged:
        logger.info("referrals: content of %s closed referrals purged", purged)
    return purged


def referral_account_deleting(*, user) -> None:
    """An account goes: its drafts go with it; sent referrals stay for the Centre."""
    Referral.objects.filter(referrer=user, status=Status.DRAFT).delete()
