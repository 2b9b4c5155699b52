"""Reading each cell of a sign-in sheet: headers, reference lists, codes.

Everything here compares folded text (``lms.text.search_key``: one key for
Cyrillic, Latin, missing diacritics and Latin look-alikes inside Cyrillic
words, so "ЦСR Чачак", "ЦСР Чачак" and "CSR Cacak" are one institution).
Nothing here writes; ``events.imports.services`` decides and writes.
"""

import difflib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.models import Institution, Municipality, MunicipalityKind, System
from lms.models.profiles import normalise_licence_number, validate_licence_number
from lms.text import search_key

# Folded header → column. Cyrillic headers fold to the same Latin keys.
HEADERS = {
    "email": {
        "email", "e mail", "e posta", "imejl", "mejl", "adresa e poste",
        "elektronska posta", "e mail adresa", "email adresa", "mail",
    },
    "first_name": {"first name", "ime", "given name", "name"},
    "last_name": {"last name", "prezime", "surname", "family name"},
    "full_name": {
        "ime i prezime", "prezime i ime", "full name", "name and surname",
        "ucesnik", "ucesnica", "participant",
    },
    "participation_form": {
        "participation form", "oblik", "oblik ucesca", "uloga", "role",
        "nacin ucesca", "form",
    },
    "licence_number": {
        "licence number", "license number", "licence", "license", "licenca",
        "broj licence", "br licence", "licenca br", "broj licence komore",
    },
    "institution": {
        "institution", "organisation", "organization", "ustanova", "institucija",
        "organizacija", "naziv ustanove", "ustanova organizacija", "poslodavac",
    },
    "system": {"system", "sistem", "sektor", "sector", "resor"},
    "municipality": {
        "municipality", "city", "place", "opstina", "grad", "mesto",
        "opstina grad", "grad opstina", "lokalna samouprava", "jls",
    },
    "gender": {"gender", "sex", "pol", "rod"},
    "attended": {
        "attended", "present", "attendance", "prisustvo", "prisutan", "prisutna",
        "prisustvovao", "prisustvovala", "prisustvovao la", "prisutan na",
        "dosao", "dosao la", "potpis",
    },
}  # fmt: skip

FORMS = {
    "passive": "passive", "pasivni": "passive", "pasivni ucesnik": "passive",
    "pasivno": "passive", "ucesnik": "passive", "slusalac": "passive",
    "active": "active", "aktivni": "active", "aktivni ucesnik": "active",
    "aktivno": "active",
    "lecturer": "lecturer", "predavac": "lecturer", "trener": "lecturer",
    "trainer": "lecturer",
    "moderator": "moderator",
}  # fmt: skip
GENDERS = {
    "z": "female", "zenski": "female", "zensko": "female", "zena": "female",
    "female": "female", "f": "female", "w": "female",
    "m": "male", "muski": "male", "musko": "male", "muskarac": "male",
    "male": "male",
}  # fmt: skip
YES = {"da", "yes", "y", "1", "x", "prisutan", "prisutna", "jeste", "true", "d"}
NO = {"ne", "no", "n", "0", "nije", "odsutan", "odsutna", "false"}
# Words a host adds before a place's name.
_PLACE_PREFIXES = ("grad ", "opstina ", "gradska opstina ", "go ")

NAME_MAX = 150  # lms.User first_name / last_name
INSTITUTION_MAX = 255


def columns_from_header(header: list[str]) -> list[str | None]:
    """The column each header cell names (``None``: a column not read)."""
    columns: list[str | None] = []
    for cell in header:
        key = search_key(cell).replace("_", " ")
        columns.append(
            next((name for name, aliases in HEADERS.items() if key in aliases), None)
        )
    return columns


def participation_form_parse(value: str) -> str | None:
    if not value:
        return "passive"
    return FORMS.get(search_key(value))


def gender_parse(value: str) -> str | None:
    """``""`` when empty, ``None`` when not understood."""
    if not value:
        return ""
    return GENDERS.get(search_key(value))


def attended_parse(value: str) -> bool | None:
    key = search_key(value)
    if not key:
        return False
    if key in YES or value.strip() in ("✓", "✔", "+"):
        return True
    if key in NO or value.strip() in ("-", "–"):
        return False
    return None


def licence_parse(value: str) -> tuple[str, str | None]:
    """(the number as the Chamber writes it, or ""; the reason it was refused)."""
    number = normalise_licence_number(value)
    if not number:
        return "", None
    try:
        validate_licence_number(number)
    except ValidationError:
        return "", _(
            "licence number “%(value)s” is not in the Chamber's format (digits, "
            "optionally in groups separated by - or /): not saved"
        ) % {"value": value}
    return number, None


@dataclass
class References:
    """The reference lists, loaded once per import (a few queries)."""

    municipalities: dict[str, Municipality] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)
    systems: dict[str, System] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "References":
        refs = cls()
        places = Municipality.objects.exclude(kind=MunicipalityKind.SETTLEMENT)
        # Cities and municipalities first, so "Ниш" is the city, not a part.
        for place in places.order_by("-kind", "name"):
            refs.municipalities.setdefault(place.search_key, place)
        for place in places.filter(
            kind__in=[MunicipalityKind.CITY, MunicipalityKind.MUNICIPALITY]
        ):
            refs.municipalities[place.search_key] = place
        for institution in Institution.objects.order_by("-confirmed", "pk"):
            refs.institutions.setdefault(institution.search_key, institution)
        for system in System.objects.all():
            refs.systems[search_key(system.name)] = system
            refs.systems[search_key(system.key.replace("_", " "))] = system
        return refs


def _suggestion(key: str, choices) -> str | None:
    found = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.75)
    return found[0] if found else None


def municipality_match(refs: References, value: str):
    """(the municipality or None, a warning or None)."""
    key = search_key(value)
    if not key:
        return None, None
    for prefix in ("", *_PLACE_PREFIXES):
        if key.startswith(prefix) and key[len(prefix) :] in refs.municipalities:
            return refs.municipalities[key[len(prefix) :]], None
    near = _suggestion(key, refs.municipalities)
    if near:
        return None, _("unknown municipality “%(value)s” — did you mean %(near)s?") % {
            "value": value,
            "near": refs.municipalities[near].name,
        }
    return None, _("unknown municipality “%(value)s”: left empty") % {"value": value}


def institution_match(refs: References, value: str):
    """(the institution or None, the name to create it under or "")."""
    key = search_key(value)
    if not key:
        return None, ""
    if key in refs.institutions:
        return refs.institutions[key], ""
    return None, " ".join(value.split())


def system_match(refs: References, value: str) -> System | None | bool:
    """The system; ``False`` when the cell holds something not on the list."""
    key = search_key(value)
    if not key:
        return None
    if key in refs.systems:
        return refs.systems[key]
    near = difflib.get_close_matches(key, list(refs.systems), n=1, cutoff=0.85)
    return refs.systems[near[0]] if near else False
