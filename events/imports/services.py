"""Importing a sign-in sheet into a training: one code path for preview and import.

``participants_import`` runs every row in one transaction. Without ``confirm``
the transaction is rolled back at the end, so the preview shows exactly what
the import will do (the same queries, the same decisions) and writes nothing;
with it, everything commits together and the e-mails, queued in the outbox in
the same transaction, go out only after the commit. A row that fails is rolled
back to its own savepoint (no orphan account) and reported; the others stay.

Imported people are registered without consent (only the person can give it)
and get the consent e-mail. People without an e-mail address get an account
with a placeholder address (``…@paper.invalid``) holding their licence number:
they claim it when they sign up (``events.imports.claims``).
"""

import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.emails import registration_email_send
from events.imports import matching
from events.imports.people import Person, RowError, person_read, row_key
from events.imports.reading import ParsedRow
from events.imports.results import (
    CREATED,
    DUPLICATE,
    ERROR,
    UPDATED,
    ImportResult,
    RowOutcome,
)
from events.models import (
    RegistrationSource,
    RegistrationStatus,
    TrainingPage,
    TrainingStatus,
)
from events.services import (
    CHECKIN_SOURCE_IMPORT,
    RegistrationError,
    checkin_record,
    registration_create,
)
from lms.models import Institution, Profile, User
from lms.text import search_key

logger = logging.getLogger(__name__)

PAPER_DOMAIN = "paper.invalid"


def _existing_user(person: Person, training: TrainingPage) -> User | None:
    if person.email:
        return User.objects.filter(email__iexact=person.email).first()
    if person.licence:
        profile = (
            Profile.objects.filter(licence_number=person.licence)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if profile is not None:
            return profile.user
    # Someone without e-mail or licence imported before into this training.
    names = (search_key(person.first_name), search_key(person.last_name))
    for registration in training.registrations.active().select_related("user"):
        user = registration.user
        if user is not None and user.email.endswith(f"@{PAPER_DOMAIN}"):
            if (search_key(user.first_name), search_key(user.last_name)) == names:
                return user
    return None


def _paper_user(person: Person) -> User:
    user = User(
        email=person.email or f"paper-{uuid.uuid4().hex}@{PAPER_DOMAIN}",
        first_name=person.first_name,
        last_name=person.last_name,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save()
    return user


def _institution(person: Person, refs: matching.References):
    if person.institution is not None or not person.new_institution:
        return person.institution
    institution, _created = Institution.objects.get_or_create(
        name=person.new_institution,
        defaults={
            "system": person.system,
            "municipality": person.municipality,
            "confirmed": False,
        },
    )
    refs.institutions[institution.search_key] = institution
    return institution


def _profile_fill(
    user: User, person: Person, refs: matching.References, *, own: bool
) -> bool:
    """Fill the profile from the sheet; True when something changed.

    A person's own profile (``own``: an account they use) keeps what they
    wrote: the sheet only fills what is empty.
    """
    profile, _created = Profile.objects.get_or_create(user=user)
    wanted = {
        "licence_number": person.licence,
        "gender": person.gender,
        "system": person.system,
        "municipality": person.municipality,
    }
    if person.institution is not None or person.new_institution:
        wanted["institution"] = _institution(person, refs)
    changed = []
    for name, value in wanted.items():
        current = getattr(profile, name)
        if value in ("", None) or current == value or (own and current):
            continue
        setattr(profile, name, value)
        changed.append(name)
    if changed:
        profile.full_clean(exclude=["user"])
        profile.save()
    return bool(changed)


def _training_over(training: TrainingPage) -> bool:
    return training.status == TrainingStatus.HELD or training.end <= timezone.now()


def _register(*, training: TrainingPage, user: User, person: Person, over: bool):
    registration = registration_create(
        training=training,
        user=user,
        participation_form=person.form,
        consent_data=False,
        consent_chamber=False,
        source=RegistrationSource.IMPORT,
        staff=True,
        # People on a sheet signed at a held training were there: no queue.
        over_capacity=over,
        notify=not over,
    )
    if over:  # no confirmation or QR code for a training that is over
        registration_email_send(registration, kind="consent_request")
    return registration


def _row_apply(
    *,
    training: TrainingPage,
    person: Person,
    refs: matching.References,
    by: User,
    outcome: RowOutcome,
    over: bool,
) -> None:
    user = _existing_user(person, training)
    own = user is not None and user.has_usable_password()
    if user is None:
        if not (person.first_name and person.last_name):  # a new person
            raise RowError(_("first and last name needed"))
        user = _paper_user(person)
    changed = _profile_fill(user, person, refs, own=own)
    registration = training.registrations.active().filter(user=user).first()
    if registration is None:
        registration = _register(training=training, user=user, person=person, over=over)
        outcome.outcome = CREATED
    else:
        if registration.participation_form != person.form:
            registration.participation_form = person.form
            registration.save(update_fields=["participation_form"])
            changed = True
        outcome.outcome = UPDATED if changed else DUPLICATE
    if over and person.attended and registration.checked_in_at is None:
        if not registration.is_confirmed:
            registration.status = RegistrationStatus.CONFIRMED
            registration.save(update_fields=["status"])
        checkin_record(
            registration=registration,
            by=by,
            at=training.start,
            source=CHECKIN_SOURCE_IMPORT,
        )
        if outcome.outcome == DUPLICATE:
            outcome.outcome = UPDATED
    if outcome.outcome == DUPLICATE:
        outcome.reason = _("already registered for this training: nothing to change")


def participants_import(
    *, training: TrainingPage, rows: list[ParsedRow], by: User, confirm: bool
) -> ImportResult:
    """Import (``confirm``) or preview the rows of a sign-in sheet.

    Every row gets its outcome: created, updated, duplicate (of an earlier row
    or of a registration already there) or error, each with its reason in
    Serbian, and warnings. Importing the same file twice changes nothing.
    """
    over = _training_over(training)
    if training.status == TrainingStatus.CANCELLED:
        raise RegistrationError(_("This training was cancelled."))
    outcomes: list[RowOutcome] = []
    with transaction.atomic():
        refs = matching.References.load()
        seen: dict[str, int] = {}
        for row in rows:
            outcome = RowOutcome(row=row.line)
            outcomes.append(outcome)
            _row_run(training, row, refs, by, outcome, seen, over)
        if not confirm:
            transaction.set_rollback(True)
    result = ImportResult(rows=outcomes, confirmed=confirm, attendance=over)
    logger.info(
        "training %s: import by %s (%s): %s",
        training.pk,
        by.pk,
        "confirmed" if confirm else "preview",
        result.totals,
    )
    return result


def _row_run(training, row, refs, by, outcome, seen, over) -> None:
    try:
        person = person_read(row, refs, outcome)
    except RowError as error:
        outcome.outcome, outcome.reason = ERROR, str(error)
        return
    key = row_key(person)
    if key in seen:
        outcome.outcome = DUPLICATE
        outcome.reason = _("duplicate of row %(row)s") % {"row": seen[key]}
        return
    seen[key] = row.line
    if "attended" in row.values and row.values["attended"] and not over:
        outcome.warnings.append(
            _("attendance is recorded only after the training: not checked in")
        )
    try:
        with transaction.atomic():  # a failed row leaves nothing behind
            _row_apply(
                training=training,
                person=person,
                refs=refs,
                by=by,
                outcome=outcome,
                over=over,
            )
    except RowError as error:
        outcome.outcome, outcome.reason = ERROR, str(error)
    except (RegistrationError, ValidationError) as error:
        outcome.outcome = ERROR
        outcome.reason = " ".join(getattr(error, "messages", [str(error)]))
