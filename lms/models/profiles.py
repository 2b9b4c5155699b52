"""The participant profile: who a person is professionally, asked once."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reference import Institution, Municipality, System

# Chamber of Social Protection licence numbers are digits, optionally in groups
# separated by "-" or "/" (e.g. "12345", "01-2345", "1234/2019").
LICENCE_NUMBER_RE = re.compile(r"^\d{1,8}(?:[-/]\d{1,8}){0,2}$")


def normalise_licence_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def validate_licence_number(value: str) -> None:
    normalised = normalise_licence_number(value)
    digits = sum(c.isdigit() for c in normalised)
    if not LICENCE_NUMBER_RE.match(normalised) or not 3 <= digits <= 12:
        raise ValidationError(
            _(
                "Enter the licence number as on your Chamber of Social Protection "
                "licence: digits only, optionally in groups separated by - or / "
                "(for example 12345 or 01-2345)."
            ),
            code="invalid_licence_number",
        )


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNDISCLOSED = "undisclosed", _("prefer not to say")


class Script(models.TextChoices):
    CYRILLIC = "cyrl", _("Cyrillic")
    LATIN = "latn", _("Latin")


class ProfileQuerySet(models.QuerySet):
    def complete(self):
        return self.filter(completed_at__isnull=False)


class Profile(models.Model):
    """A participant's professional profile, used for registration and the Chamber.

    Gender is used only for statistics. The licence number is needed only for
    licence-renewal points.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, blank=True
    )
    system = models.ForeignKey(
        System,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("system"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("institution"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("municipality"),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    licence_number = models.CharField(
        _("Chamber of Social Protection licence number"),
        max_length=30,
        blank=True,
        validators=[validate_licence_number],
    )
    preferred_script = models.CharField(
        _("script for documents"),
        max_length=4,
        choices=Script.choices,
        default=Script.CYRILLIC,
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")
        permissions = [
            ("access_staff_area", _("Can open the staff pages")),
            ("view_all_data", _("Can see all participants' data")),
            ("run_trainings", _("Can run trainings, live quizzes and check-in")),
            ("issue_certificates", _("Can issue certificates")),
            ("view_chamber_exports", _("Can download Chamber exports")),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def district(self):
        return self.municipality.district if self.municipality_id else None
