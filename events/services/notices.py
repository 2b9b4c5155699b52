"""Notices to the people registered: published changes, day-before reminders."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import (
    NOTICE_FIELDS,
    Registration,
    RegistrationStatus,
    TrainingPage,
    TrainingStatus,
)

from .shared import _email_on_commit, logger


def training_change_kind(*, training: TrainingPage, before: dict) -> str | None:
    """Which notice a published change calls for: ``None`` when it is no news.

    ``before`` holds the live values the publication replaced. Only when and
    where the training takes place, and whether it takes place, matter to the
    people registered: a new title, text, or a status moving to "held" does not.
    """
    was_cancelled = before.get("status") == TrainingStatus.CANCELLED
    if training.status == TrainingStatus.CANCELLED:
        return None if was_cancelled else "training_cancelled"
    moved = any(before.get(name) != getattr(training, name) for name in NOTICE_FIELDS)
    return "changed" if moved or was_cancelled else None


def training_change_announce(*, training: TrainingPage, before: dict) -> int:
    """Tell everyone registered that the training moved or was cancelled.

    The e-mail carries the updated calendar file (same UID, higher SEQUENCE),
    so calendar programs move the event. Returns how many people are told.
    """
    kind = training_change_kind(training=training, before=before)
    if kind is None:
        return 0
    registrations = list(training.registrations.active().select_related("user"))
    for registration in registrations:
        _email_on_commit(registration, kind)
    logger.info(
        "training %s: %s announced to %s", training.pk, kind, len(registrations)
    )
    return len(registrations)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind confirmed participants of trainings that start within a day."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        training__start__gt=now,
        training__start__lte=now + timedelta(hours=24),
        training__status__in=[TrainingStatus.SCHEDULED, TrainingStatus.CHANGED],
        training__live=True,
    ).select_related("training", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            updated = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if updated:  # another worker has not sent it meanwhile
                _email_on_commit(registration, "reminder")
                sent += 1
    return sent
