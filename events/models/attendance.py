"""What counted when a person attended: a record fixed at check-in.

Statistics, the series report and the Chamber package read this record, never
the live profile: a profile edited later, an institution merged or an account
deleted must not change figures that were already reported. Points are fixed
again when the certificate is issued (see ``events.attendance``).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.models import Gender

from .registrations import ParticipationForm


class Attendance(models.Model):
    """The person's professional data as they counted for one training."""

    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("registration"),
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, blank=True
    )
    # Places and systems are reference data that is never deleted (profiles
    # protect them too); institutions are typed by people and merged by staff,
    # so the name as it was is kept instead of a link.
    system = models.ForeignKey(
        "lms.System",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("system"),
    )
    institution_name = models.CharField(_("institution"), max_length=255, blank=True)
    municipality = models.ForeignKey(
        "lms.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    participation_form = models.CharField(
        _("participation form"),
        max_length=12,
        choices=ParticipationForm.choices,
        default=ParticipationForm.PASSIVE,
    )
    has_licence = models.BooleanField(_("had a licence number"), default=False)
    # The number itself is identity: it goes when the account goes.
    licence_number = models.CharField(_("licence number"), max_length=30, blank=True)
    points = models.PositiveSmallIntegerField(
        _("licence points awarded"), null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    points_fixed_at = models.DateTimeField(
        _("points fixed at"),
        null=True,
        blank=True,
        help_text=_("When the certificate was issued."),
    )

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(has_licence=True) | models.Q(licence_number=""),
                name="attendance_licence_number_means_licence",
            ),
        ]

    def __str__(self) -> str:
        return str(self.registration)
