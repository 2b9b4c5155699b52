"""Institution types: a fixed classification derived from an institution's name.

The reference data knows each institution's *system* (social protection,
education, health…), which is the sector a participant works in. The Centre's
report also asks *which kind* of institution a referral came from (a centre for
social work or a care home, a school, a health centre, a court…). No type is
stored on ``Institution``; it is derived deterministically from the name (in
either script, abbreviations included), and from the system when the name says
nothing. The same name and system always give the same type, so figures can be
recomputed at any time. The rules are documented in docs/referrals.md.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.text import search_key


class InstitutionType(models.TextChoices):
    SOCIAL_WORK_CENTRE = "social_work_centre", _("centre for social work")
    SOCIAL_CARE = "social_care", _("other social protection institution")
    SCHOOL = "school", _("school, preschool or faculty")
    HEALTH = "health", _("health centre or hospital")
    POLICE = "police", _("police")
    JUDICIARY = "judiciary", _("court, prosecution or prison")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    STATE_BODY = "state_body", _("other state body or service")
    NGO = "ngo", _("association, Red Cross or international organisation")
    OTHER = "other", _("other")


# Checked in this order on the name's search key (Latin, lower case, no
# diacritics): the first rule that matches decides. Health and state bodies
# come before schools and care homes ("дом здравља", "школска управа"). "ПУ"
# alone is left out: it abbreviates both a police directorate and a preschool.
NAME_RULES: list[tuple[str, str]] = [
    (InstitutionType.SOCIAL_WORK_CENTRE, r"\bg?csr\b|centar za socijalni rad"),
    (
        InstitutionType.HEALTH,
        r"\bdom zdravlja\b|zdravstven|bolnic|klinick|zavod za javno zdravlje"
        r"|ministarstvo zdravlja|apotek",
    ),
    (
        InstitutionType.JUDICIARY,
        r"\bsud\b|tuzilast|\b(jt|ojt|vjt|bjt|tjt)\b|kazneno popravni|zatvor",
    ),
    (
        InstitutionType.POLICE,
        r"\bmup\b|polici|granicn|ministarstvo unutrasnjih",
    ),
    (
        InstitutionType.STATE_BODY,
        r"komesarijat|\bkirs\b|nacionalna sluzba za zaposljavanje|\bnsz\b"
        r"|inspekcij|inspektorat|zastitnik gradjana|ombudsman|ministarstvo"
        r"|pokrajinski sekretarijat|skolska uprava|\bsu\b",
    ),
    (
        InstitutionType.SCHOOL,
        r"skol|gimnazij|vrtic|dom ucenika|fakultet|univerzitet"
        r"|\b(os|ss|ms|ts|ets|ess|gts|soso|somo)\b",
    ),
    (
        InstitutionType.LOCAL_GOVERNMENT,
        r"\bgu\b|gradska uprava|opstinska uprava|\bopstina\b|komunalna milicija"
        r"|gradsko vece|lokalna samouprava",
    ),
    (
        InstitutionType.NGO,
        r"crveni krst|udruzenje|\bug\b|karitas|caritas|fondacija"
        r"|medjunarodna organizacija|\bnvo\b|\bngo\b",
    ),
    (
        InstitutionType.SOCIAL_CARE,
        r"gerontolosk|\bdom\b|prihvatilist|sigurna kuca|svratist|dnevni boravak"
        r"|centar za pruzanje usluga|porodicni smestaj|zavod za vaspitanje"
        r"|decje selo|odojcadi|usluga socijalne zastite|\bczztlj\b",
    ),
]
_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in NAME_RULES]

# When the name says nothing: the type that the system's institutions mostly are.
BY_SYSTEM = {
    "social_protection": InstitutionType.SOCIAL_CARE,
    "education": InstitutionType.SCHOOL,
    "health": InstitutionType.HEALTH,
    "police": InstitutionType.POLICE,
    "judiciary": InstitutionType.JUDICIARY,
    "local_government": InstitutionType.LOCAL_GOVERNMENT,
    "ngo": InstitutionType.NGO,
    "red_cross": InstitutionType.NGO,
    "international": InstitutionType.NGO,
    "labour_inspection": InstitutionType.STATE_BODY,
    "employment_service": InstitutionType.STATE_BODY,
    "kirs": InstitutionType.STATE_BODY,
}


def institution_type(name: str, system_key: str = "") -> str:
    """The type of the institution called ``name`` in system ``system_key``."""
    key = search_key(name or "")
    for kind, pattern in _COMPILED:
        if key and pattern.search(key):
            return kind.value
    return BY_SYSTEM.get(system_key or "", InstitutionType.OTHER).value
