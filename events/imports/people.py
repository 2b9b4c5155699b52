"""One row of a sign-in sheet read into a person, with its warnings.

Reads and checks only (reference lists through ``matching``); writes nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from events.imports import matching
from events.imports.reading import ParsedRow
from events.imports.results import RowOutcome
from lms.models import User
from lms.text import search_key

# A cell starting so is a formula to a spreadsheet, not a name.
FORMULA_STARTS = ("=", "+", "@")


class RowError(Exception):
    """A row that cannot be imported; the message is for staff, in Serbian."""


@dataclass
class Person:
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


def person_read(row: ParsedRow, refs: matching.References, outcome: RowOutcome):
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
    if first.startswith(FORMULA_STARTS) or last.startswith(FORMULA_STARTS):
        # A formula typed into a CSV cell, or copied as text: never a name.
        raise RowError(_("a formula instead of a name"))
    if len(first) > matching.NAME_MAX or len(last) > matching.NAME_MAX:
        raise RowError(
            _("name longer than %(max)s characters") % {"max": matching.NAME_MAX}
        )
    email = values.get("email", "").strip()
    outcome.email = email
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RowError(_("invalid or missing e-mail address")) from None
        email = User.objects.normalize_email(email)
    if not (first and last) and not email:
        raise RowError(_("first and last name needed"))
    form = matching.participation_form_parse(values.get("participation_form", ""))
    if form is None:
        raise RowError(_("unknown participation form"))
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
    return Person(
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


def row_key(person: Person) -> str:
    """What makes two rows the same person within one file."""
    if person.email:
        return f"email:{person.email}"
    if person.licence:
        return f"licence:{person.licence}"
    return f"name:{search_key(person.first_name)}|{search_key(person.last_name)}"
