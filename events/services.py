"""State changes of trainings: registration, the waiting list and check-in.

Every change that touches the seat count locks the training row first
(``select_for_update``; on SQLite the IMMEDIATE transaction mode takes the
write lock at BEGIN), so confirmed registrations never exceed the capacity.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.emails import registration_email_send
from events.models import (
    NOTICE_FIELDS,
    ParticipationForm,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    TrainingPage,
    TrainingStatus,
)
from lms.models import User

logger = logging.getLogger(__name__)


class RegistrationError(ValidationError):
    """A registration the rules do not allow; the message is for the person."""


def _locked(training: TrainingPage) -> TrainingPage:
    return TrainingPage.objects.select_for_update().get(pk=training.pk)


def _email_on_commit(registration: Registration, kind: str) -> None:
    transaction.on_commit(
        lambda: registration_email_send(registration, kind=kind), robust=True
    )


def _check_allowed(*, training: TrainingPage, user: User, staff: bool) -> None:
    if training.status in ("cancelled", "held"):
        raise RegistrationError(_("This training is not open for registration."))
    if not staff and not training.registration_is_open():
        raise RegistrationError(
            _("Registration for this training is closed."), code="closed"
        )
    if not staff and training.restrict_to_target_systems:
        system_id = getattr(getattr(user, "profile", None), "system_id", None)
        if not training.target_systems.filter(pk=system_id).exists():
            raise RegistrationError(
                _("This training is only for the systems it is intended for.")
            )
    if training.registrations.active().filter(user=user).exists():
        raise RegistrationError(
            _("You are already registered for this training."), code="duplicate"
        )


def registration_create(
    *,
    training: TrainingPage,
    user: User,
    participation_form: str = ParticipationForm.PASSIVE,
    consent_data: bool,
    consent_chamber: bool,
    source: str = RegistrationSource.SELF,
    staff: bool = False,
    over_capacity: bool = False,
    notify: bool = True,
) -> Registration:
    """Register ``user``: confirmed while seats last, then on the waiting list.

    Staff may register after the closing date; ``over_capacity`` (walk-ins at
    the door) confirms even when the training is full.
    """
    if not (consent_data and consent_chamber) and source == RegistrationSource.SELF:
        raise RegistrationError(_("Please give both consents to register."))
    with transaction.atomic():
        training = _locked(training)
        # Taken under the lock, so the waiting list's order is the seats' order.
        now = timezone.now()
        _check_allowed(training=training, user=user, staff=staff)
        seats_taken = training.registrations.confirmed().count()
        full = seats_taken >= training.capacity and not over_capacity
        registration = Registration.objects.create(
            training=training,
            user=user,
            status=RegistrationStatus.WAITLISTED
            if full
            else RegistrationStatus.CONFIRMED,
            participation_form=participation_form,
            source=source,
            consent_data=consent_data,
            consent_chamber=consent_chamber,
            consented_at=now if consent_data and consent_chamber else None,
            created_at=now,
        )
        logger.info(
            "registration %s: %s for training %s (%s)",
            registration.pk,
            registration.status,
            training.pk,
            source,
        )
        if notify:
            _email_on_commit(registration, "waitlisted" if full else "confirmed")
    return registration


def registration_cancel(
    *, registration: Registration, staff: bool = False, notify: bool = True
) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the waiting list at once.

    Participants may cancel until the registration deadline. Returns the
    registrations promoted in consequence.
    """
    with transaction.atomic():
        training = _locked(registration.training)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return []
        if not staff and timezone.now() >= training.deadline:
            raise RegistrationError(
                _("The deadline for cancelling has passed. Please contact the Centre.")
            )
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        logger.info("registration %s cancelled", registration.pk)
        if notify:
            _email_on_commit(registration, "cancelled")
        if was_confirmed:
            return waitlist_promote(training=training)
    return []


def waitlist_promote(
    *, training: TrainingPage, force: bool = False
) -> list[Registration]:
    """Give free seats to the first people on the waiting list, in order.

    Stops ``promotion_cutoff_hours`` before the start (people cannot plan a
    trip at the last minute) unless ``force`` (staff moving someone by hand).
    """
    with transaction.atomic():
        training = _locked(training)
        if not force and not training.promotion_allowed():
            return []
        free = training.capacity - training.registrations.confirmed().count()
        if free <= 0:
            return []
        promoted = list(
            training.registrations.waitlisted().select_related("user")[:free]
        )
        now = timezone.now()
        for registration in promoted:
            registration.status = RegistrationStatus.CONFIRMED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            logger.info(
                "registration %s promoted from the waiting list", registration.pk
            )
            _email_on_commit(registration, "promoted")
    return promoted


def registration_promote(*, registration: Registration) -> Registration:
    """Staff move one person from the waiting list when a seat is free."""
    with transaction.atomic():
        training = _locked(registration.training)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.WAITLISTED:
            return registration
        if training.registrations.confirmed().count() >= training.capacity:
            raise RegistrationError(_("There is no free seat."))
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        _email_on_commit(registration, "promoted")
    return registration


@dataclass(frozen=True)
class CheckinResult:
    registration: Registration
    created: bool  # False when the person had already been checked in

    @property
    def checked_in_at(self) -> datetime | None:
        return self.registration.checked_in_at


def checkin_record(
    *, registration: Registration, by: User, at: datetime | None = None
) -> CheckinResult:
    """Record that the person is present; a second check-in changes nothing.

    ``at`` is when the code was scanned, for scans queued on a device while
    the venue's network was down (only the last 24 hours are believed).
    """
    now = timezone.now()
    if at is None or not now - timedelta(hours=24) <= at <= now:
        at = now
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(
            _("This registration is not confirmed. Add the person as a walk-in.")
        )
    updated = Registration.objects.filter(
        pk=registration.pk, checked_in_at__isnull=True
    ).update(checked_in_at=at, checked_in_by=by)
    registration.refresh_from_db()
    if updated:
        logger.info("registration %s checked in by %s", registration.pk, by.pk)
    return CheckinResult(registration=registration, created=bool(updated))


def walkin_create(
    *,
    training: TrainingPage,
    first_name: str,
    last_name: str,
    email: str = "",
    by: User,
) -> CheckinResult:
    """Add a person who came without registering, and check them in.

    They get a minimal account (no password); with an e-mail address they can
    claim it later by resetting the password.
    """
    email = User.objects.normalize_email(email.strip()) if email else ""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is None:
            user = User(
                email=email or f"walk-in-{secrets.token_hex(8)}@walk-in.invalid",
                first_name=first_name.strip(),
                last_name=last_name.strip(),
            )
            user.set_unusable_password()
            user.save()
        existing = training.registrations.active().filter(user=user).first()
        if existing is None:
            existing = registration_create(
                training=training,
                user=user,
                consent_data=True,
                consent_chamber=True,
                source=RegistrationSource.WALK_IN,
                staff=True,
                over_capacity=True,
            )
        elif existing.status == RegistrationStatus.WAITLISTED:
            existing = registration_promote_over_capacity(registration=existing)
        return checkin_record(registration=existing, by=by)


def registration_promote_over_capacity(*, registration: Registration) -> Registration:
    """Confirm a waitlisted person who is at the door (staff decision)."""
    registration.status = RegistrationStatus.CONFIRMED
    registration.promoted_at = timezone.now()
    registration.save(update_fields=["status", "promoted_at"])
    return registration


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
        training__status__in=["scheduled", "changed"],
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


@dataclass
class ImportReport:
    created: list[Registration]
    skipped: list[tuple[int, str]]  # line, reason (already registered)
    errors: list[tuple[int, str]]  # line, reason


def registrations_import(
    *, training: TrainingPage, rows: list, by: User
) -> ImportReport:
    """Register every good row of a participant list; report every bad one.

    Re-importing the same list creates nothing new: people already registered
    are skipped.
    """
    from django.core.validators import validate_email

    from events.imports import participation_form_parse

    report = ImportReport(created=[], skipped=[], errors=[])
    for row in rows:
        values = row.values
        email = values.get("email", "")
        try:
            validate_email(email)
        except ValidationError:
            report.errors.append(
                (row.line, str(_("invalid or missing e-mail address")))
            )
            continue
        form = participation_form_parse(values.get("participation_form", ""))
        if form is None:
            report.errors.append((row.line, str(_("unknown participation form"))))
            continue
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            first, last = values.get("first_name", ""), values.get("last_name", "")
            if not (first and last):
                report.errors.append((row.line, str(_("first and last name needed"))))
                continue
            user = User(
                email=User.objects.normalize_email(email),
                first_name=first,
                last_name=last,
            )
            user.set_unusable_password()
            user.save()
        if training.registrations.active().filter(user=user).exists():
            report.skipped.append((row.line, str(_("already registered"))))
            continue
        report.created.append(
            registration_create(
                training=training,
                user=user,
                participation_form=form,
                consent_data=False,
                consent_chamber=False,
                source=RegistrationSource.IMPORT,
                staff=True,
            )
        )
    logger.info(
        "training %s: import by %s, %s created, %s skipped, %s errors",
        training.pk,
        by.pk,
        len(report.created),
        len(report.skipped),
        len(report.errors),
    )
    return report
