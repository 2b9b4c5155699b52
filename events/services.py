"""State changes of trainings: registration, the waiting list and check-in.

Every change that touches the seat count locks the training row first
(``select_for_update``; on SQLite the IMMEDIATE transaction mode takes the
write lock at BEGIN), so confirmed registrations never exceed the capacity.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events import conf
from events.attendance import attendance_record
from events.emails import registration_email_send
from events.models import (
    NOTICE_FIELDS,
    ConsentSource,
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


_STAFF_SOURCES = (RegistrationSource.STAFF, RegistrationSource.IMPORT)
_CONSENT_SOURCES = {
    RegistrationSource.SELF: ConsentSource.REGISTRATION,
    RegistrationSource.WALK_IN: ConsentSource.WALK_IN,
}


def _locked(training: TrainingPage) -> TrainingPage:
    return TrainingPage.objects.select_for_update().get(pk=training.pk)


def _email_on_commit(registration: Registration, kind: str) -> None:
    # Into the outbox in this transaction (one insert; built and sent after
    # the commit, exactly once, never for a change that was rolled back).
    registration_email_send(registration, kind=kind)


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


@dataclass(frozen=True)
class CheckinResult:
    registration: Registration
    created: bool  # False when the person had already been checked in
    repeated: bool = False  # the same walk-in form sent again

    @property
    def checked_in_at(self) -> datetime | None:
        return self.registration.checked_in_at


def checkin_window(training: TrainingPage) -> tuple[datetime, datetime]:
    """When people can be checked in: from the day before the start to the end.

    Opening at midnight of the day before lets a trainer try the scanner when
    setting up; closing ``CHECKIN_HOURS_AFTER_END`` after the end leaves time
    to record the last people from the signed sheet.
    """
    day_before = timezone.localtime(training.start) - timedelta(days=1)
    opens = day_before.replace(hour=0, minute=0, second=0, microsecond=0)
    return opens, training.end + timedelta(hours=conf.checkin_hours_after_end())


def checkin_window_check(*, training: TrainingPage, at: datetime) -> None:
    """Refuse, with a message for the trainer, when check-in is not open."""
    if training.status == TrainingStatus.CANCELLED:
        raise RegistrationError(
            _("This training was cancelled: no one can be checked in."),
            code="cancelled",
        )
    if training.status == TrainingStatus.HELD:
        raise RegistrationError(
            _("This training is marked as held: check-in is closed."), code="held"
        )
    opens, closes = checkin_window(training)
    if at < opens:
        raise RegistrationError(
            _("Check-in opens on %(date)s, the day before the training.")
            % {"date": formats.date_format(timezone.localtime(opens), "j. n. Y.")},
            code="too_early",
        )
    if at > closes:
        raise RegistrationError(
            _("Check-in for this training closed on %(time)s.")
            % {"time": formats.date_format(timezone.localtime(closes), "j. n. Y. H:i")},
            code="closed",
        )


CHECKIN_SOURCE_DOOR = "door"
CHECKIN_SOURCE_IMPORT = "import"


def checkin_record(
    *,
    registration: Registration,
    by: User,
    at: datetime | None = None,
    source: str = CHECKIN_SOURCE_DOOR,
) -> CheckinResult:
    """Record that the person is present; a second check-in changes nothing.

    ``at`` is when the code was scanned, for scans queued on a device while
    the venue's network was down (only the last 24 hours are believed). Only
    inside the training's check-in window (``checkin_window``), except for
    ``source=CHECKIN_SOURCE_IMPORT``: a signed sheet imported after the fact
    (staff only), where ``at`` is believed as given (the training's start).
    """
    now = timezone.now()
    imported = source == CHECKIN_SOURCE_IMPORT
    if at is None or (not imported and not now - timedelta(hours=24) <= at <= now):
        at = now
    if registration.checked_in_at is not None:
        return CheckinResult(registration=registration, created=False)
    if imported:
        if registration.training.status == TrainingStatus.CANCELLED:
            raise RegistrationError(
                _("This training was cancelled: no one can be checked in."),
                code="cancelled",
            )
    else:
        checkin_window_check(training=registration.training, at=at)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(
            _("This registration is not confirmed. Add the person as a walk-in.")
        )
    with transaction.atomic():
        updated = Registration.objects.filter(
            pk=registration.pk, checked_in_at__isnull=True
        ).update(checked_in_at=at, checked_in_by=by)
        if updated:  # what counted is fixed now, whatever the profile says later
            attendance_record(registration=registration)
    registration.refresh_from_db()
    if updated:
        logger.info("registration %s checked in by %s", registration.pk, by.pk)
    return CheckinResult(registration=registration, created=bool(updated))


def _walkin_user(*, email: str, first_name: str, last_name: str, token) -> User:
    """The account of a walk-in: theirs if the e-mail has one, else a minimal one.

    Without an e-mail the placeholder address comes from the form's token, so
    even two racing requests could not create two accounts for one form.
    """
    if email:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return user
    user = User(
        email=email or f"walk-in-{token.hex}@walk-in.invalid",
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # created meanwhile (at another training's door)
        return User.objects.get(email__iexact=user.email)
    return user


def walkin_create(
    *,
    training: TrainingPage,
    first_name: str,
    last_name: str,
    email: str = "",
    token: uuid.UUID,
    consent_data: bool = False,
    consent_chamber: bool = False,
    by: User,
) -> CheckinResult:
    """Add a person who came without registering, and check them in.

    They get a minimal account (no password); with an e-mail address they can
    claim it later by resetting the password. ``token`` is the walk-in form's
    hidden one-time token: the same form sent twice adds the person once
    (``repeated``). The consents are the ones the person ticked themselves;
    without the first one nothing is stored about them.
    """
    if not consent_data:
        raise RegistrationError(
            _(
                "A walk-in is added only if they agree, by ticking it themselves, "
                "that the Centre processes their data for this training."
            ),
            code="consent",
        )
    email = User.objects.normalize_email(email.strip()) if email else ""
    with transaction.atomic():
        # The training's row lock orders walk-ins: a second copy of a form
        # waits here until the first has committed, then finds its token.
        training = _locked(training)
        earlier = (
            Registration.objects.filter(walkin_token=token)
            .select_related("user", "training")
            .first()
        )
        if earlier is not None and _same_walkin(earlier, first_name, last_name):
            if earlier.training_id != training.pk:
                raise RegistrationError(_("Reload the page and add the person again."))
            return CheckinResult(registration=earlier, created=False, repeated=True)
        if earlier is not None:  # a stale page (offline copy) sent for someone else
            token = uuid.uuid4()
        checkin_window_check(training=training, at=timezone.now())
        user = _walkin_user(
            email=email, first_name=first_name, last_name=last_name, token=token
        )
        registration = (
            training.registrations.active().select_for_update().filter(user=user)
        ).first()
        if registration is None:
            registration = registration_create(
                training=training,
                user=user,
                consent_data=consent_data,
                consent_chamber=consent_chamber,
                source=RegistrationSource.WALK_IN,
                staff=True,
                over_capacity=True,
                walkin_token=token,
                notify=False,
            )
            if not registration.has_consented:
                _email_on_commit(registration, "consent_request")
        else:
            registration = _walkin_registration_reuse(
                registration=registration,
                token=token,
                consent_data=consent_data,
                consent_chamber=consent_chamber,
            )
        return checkin_record(registration=registration, by=by)


def _same_walkin(registration: Registration, first_name: str, last_name: str) -> bool:
    user = registration.user
    if user is None:
        return False
    typed = (first_name.strip().casefold(), last_name.strip().casefold())
    return typed == (user.first_name.casefold(), user.last_name.casefold())


def _walkin_registration_reuse(
    *, registration: Registration, token, consent_data: bool, consent_chamber: bool
) -> Registration:
    """A registered person came through the walk-in form: confirm, keep consents."""
    registration.walkin_token = registration.walkin_token or token
    registration.save(update_fields=["walkin_token"])
    if not registration.has_consented:  # what they ticked now is their answer
        registration = registration_consent_record(
            registration=registration,
            consent_data=consent_data,
            consent_chamber=consent_chamber,
            source=ConsentSource.WALK_IN,
        )
    if registration.status == RegistrationStatus.WAITLISTED:
        registration = registration_promote_over_capacity(registration=registration)
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
