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
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.emails import registration_email_send
from events.imports import matching
from events.imports.reading import ParsedRow
from events.models import RegistrationSource, TrainingPage, TrainingStatus
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

CREATED, UPDATED, DUPLICATE, ERROR = "created", "updated", "duplicate", "error"


@dataclass
class RowOutcome:
    row: int
    outcome: str = CREATED
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    name: str = ""
    email: str = ""

    def as_dict(self) -> dict:
        reasons = [r for r in (self.reason, *self.warnings) if r]
        return {
            "row": self.row,
            "outcome": self.outcome,
            "reason": "; ".join(reasons),
            "warnings": self.warnings,
            "name": self.name,
            "email": self.email,
        }


@dataclass
class ImportResult:
    rows: list[RowOutcome]
    confirmed: bool
    attendance: bool  # the training is over: "attended" creates check-ins

    @property
    def totals(self) -> dict[str, int]:
        totals = {CREATED: 0, UPDATED: 0, DUPLICATE: 0, ERROR: 0, "warning": 0}
        for row in self.rows:
            totals[row.outcome] += 1
            totals["warning"] += bool(row.warnings)
        totals["rows"] = len(self.rows)
        return totals

    def as_dict(self) -> dict:
        return {
            "confirmed": self.confirmed,
            "rows": [row.as_dict() for row in self.rows],
            "totals": self.totals,
        }


class _RowError(Exception):
    """A row that cannot be imported; the message is for staff, in Serbian."""


@dataclass
class _Person:
    first_name: str
    last_name: str
    email: str
    licence: str
    form: str
    gender: str
    system: object
    institution: object
    new_institution: str
    municipality: object
    attended: bool


def _names(values: dict) -> tuple[str, str]:
    first = " ".join(values.get("first_name", "").split())
    last = " ".join(values.get("last_name", "").split())
    full = " ".join(values.get("full_name", "").split())
    if full and not (first or last):
        first, _sep, last = full.partition(" ")
    return first, last


def _person(row: ParsedRow, refs: matching.References, outcome: RowOutcome):
    """The row's person, read and checked; warnings go on ``outcome``."""
    values, warn = row.values, outcome.warnings.append
    for column in row.formulas:
        warn(
            _(
                "column “%(column)s” holds a formula without a saved value: open "
                "the file in Excel and save it again"
            )
            % {"column": column}
        )
    first, last = _names(values)
    outcome.name = f"{first} {last}".strip()
    if len(first) > matching.NAME_MAX or len(last) > matching.NAME_MAX:
        raise _RowError(
            _("name longer than %(max)s characters") % {"max": matching.NAME_MAX}
        )
    email = values.get("email", "").strip()
    outcome.email = email
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _RowError(_("invalid or missing e-mail address")) from None
        email = User.objects.normalize_email(email)
    if not (first and last) and not email:
        raise _RowError(_("first and last name needed"))
    form = matching.participation_form_parse(values.get("participation_form", ""))
    if form is None:
        raise _RowError(_("unknown participation form"))
    licence, problem = matching.licence_parse(values.get("licence_number", ""))
    if problem:
        warn(problem)
    gender = matching.gender_parse(values.get("gender", ""))
    if gender is None:
        warn(
            _("gender “%(value)s” not understood: left empty")
            % {"value": values["gender"]}
        )
        gender = ""
    municipality, problem = matching.municipality_match(
        refs, values.get("municipality", "")
    )
    if problem:
        warn(problem)
    institution, new_institution = matching.institution_match(
        refs, values.get("institution", "")
    )
    if len(new_institution) > matching.INSTITUTION_MAX:
        warn(_("institution name too long: left empty"))
        new_institution = ""
    elif new_institution:
        warn(
            _("new institution “%(value)s”: added for review")
            % {"value": new_institution}
        )
    system = matching.system_match(refs, values.get("system", ""))
    if system is False:
        warn(_("unknown system “%(value)s”: left empty") % {"value": values["system"]})
        system = None
    if system is None and institution is not None:
        system = institution.system
    attended = matching.attended_parse(values.get("attended", ""))
    if attended is None:
        warn(
            _("attendance “%(value)s” not understood (use da or ne): not checked in")
            % {"value": values["attended"]}
        )
    return _Person(
        first_name=first,
        last_name=last,
        email=email,
        licence=licence,
        form=form,
        gender=gender,
        system=system,
        institution=institution,
        new_institution=new_institution,
        municipality=municipality,
        attended=bool(attended),
    )


def _row_key(person: _Person) -> str:
    """What makes two rows the same person within one file."""
    if person.email:
        return f"email:{person.email}"
    if person.licence:
        return f"licence:{person.licence}"
    return f"name:{search_key(person.first_name)}|{search_key(person.last_name)}"


def _existing_user(person: _Person, training: TrainingPage) -> User | None:
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


def _paper_user(person: _Person) -> User:
    user = User(
        email=person.email or f"paper-{uuid.uuid4().hex}@{PAPER_DOMAIN}",
        first_name=person.first_name,
        last_name=person.last_name,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save()
    return user


def _institution(person: _Person, refs: matching.References):
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
    user: User, person: _Person, refs: matching.References, *, own: bool
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


def _register(*, training: TrainingPage, user: User, person: _Person, over: bool):
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
    person: _Person,
    refs: matching.References,
    by: User,
    outcome: RowOutcome,
    over: bool,
) -> None:
    user = _existing_user(person, training)
    own = user is not None and user.has_usable_password()
    if user is None:
        if not (person.first_name and person.last_name):  # a new person
            raise _RowError(_("first and last name needed"))
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
        if registration.status != "confirmed":
            registration.status = "confirmed"
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
        person = _person(row, refs, outcome)
    except _RowError as error:
        outcome.outcome, outcome.reason = ERROR, str(error)
        return
    key = _row_key(person)
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
    except _RowError as error:
        outcome.outcome, outcome.reason = ERROR, str(error)
    except (RegistrationError, ValidationError) as error:
        outcome.outcome = ERROR
        outcome.reason = " ".join(getattr(error, "messages", [str(error)]))


def outcome_label(outcome: str, *, confirmed: bool) -> str:
    """The outcome as staff read it: in the future in the preview."""
    if confirmed:
        labels = {
            CREATED: _("registered"),
            UPDATED: _("updated"),
            DUPLICATE: _("unchanged (duplicate)"),
            ERROR: _("not imported"),
        }
    else:
        labels = {
            CREATED: _("will be registered"),
            UPDATED: _("will be updated"),
            DUPLICATE: _("unchanged (duplicate)"),
            ERROR: _("will not be imported"),
        }
    return labels[outcome]


def result_for_report(result: ImportResult) -> dict:
    """The result as plain data (kept in the cache for the report download)."""
    data = result.as_dict()
    for row in data["rows"]:
        row["outcome_label"] = outcome_label(row["outcome"], confirmed=result.confirmed)
    return data
