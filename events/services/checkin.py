"""Check-in at the door: the window, scans, walk-ins."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events import conf
from events.attendance import attendance_record
from events.models import (
    ConsentSource,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    TrainingPage,
    TrainingStatus,
)
from lms.models import User

from .registration import (
    registration_consent_record,
    registration_create,
    registration_promote_over_capacity,
)
from .shared import RegistrationError, _email_on_commit, _locked, logger


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
