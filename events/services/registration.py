"""Registration, the waiting list and consent."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    ConsentSource,
    ParticipationForm,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    TrainingPage,
    TrainingStatus,
)
from lms.models import User

from .shared import RegistrationError, _email_on_commit, _locked, logger

_STAFF_SOURCES = (RegistrationSource.STAFF, RegistrationSource.IMPORT)


_CONSENT_SOURCES = {
    RegistrationSource.SELF: ConsentSource.REGISTRATION,
    RegistrationSource.WALK_IN: ConsentSource.WALK_IN,
}


def _check_allowed(
    *, training: TrainingPage, user: User, staff: bool, held_allowed: bool = False
) -> None:
    if training.status == TrainingStatus.CANCELLED or (
        training.status == TrainingStatus.HELD and not held_allowed
    ):
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
    walkin_token: uuid.UUID | None = None,
) -> Registration:
    """Register ``user``: confirmed while seats last, then on the waiting list.

    Staff may register after the closing date; ``over_capacity`` (walk-ins at
    the door) confirms even when the training is full. Consents are only ever
    the person's own: people added by staff or imported are registered without
    them and asked by e-mail (``consent_request``).
    """
    if not (consent_data and consent_chamber) and source == RegistrationSource.SELF:
        raise RegistrationError(_("Please give both consents to register."))
    if (consent_data or consent_chamber) and source in _STAFF_SOURCES:
        raise RegistrationError(_("Only the person can give their consent."))
    with transaction.atomic():
        training = _locked(training)
        # Taken under the lock, so the waiting list's order is the seats' order.
        now = timezone.now()
        # A sign-in sheet is imported after the training, when it is held.
        _check_allowed(
            training=training,
            user=user,
            staff=staff,
            held_allowed=source == RegistrationSource.IMPORT,
        )
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
            consented_at=now if consent_data or consent_chamber else None,
            consent_source=_CONSENT_SOURCES[source]
            if consent_data or consent_chamber
            else "",
            walkin_token=walkin_token,
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
            if not registration.has_consented:
                _email_on_commit(registration, "consent_request")
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


def registration_promote_over_capacity(*, registration: Registration) -> Registration:
    """Confirm a waitlisted person who is at the door (staff decision)."""
    registration.status = RegistrationStatus.CONFIRMED
    registration.promoted_at = timezone.now()
    registration.save(update_fields=["status", "promoted_at"])
    return registration


def registration_consent_record(
    *,
    registration: Registration,
    consent_data: bool,
    consent_chamber: bool,
    source: str,
) -> Registration:
    """Record the consents the person gave (or withdrew) themselves.

    Only a person with both consents is in the Chamber package; what they
    decide here applies to exports made from now on.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.consent_data = consent_data
        registration.consent_chamber = consent_chamber
        registration.consented_at = timezone.now()
        registration.consent_source = source
        registration.save(
            update_fields=[
                "consent_data",
                "consent_chamber",
                "consented_at",
                "consent_source",
            ]
        )
    logger.info(
        "registration %s: consents data=%s chamber=%s (%s)",
        registration.pk,
        consent_data,
        consent_chamber,
        source,
    )
    return registration
