"""Registrations for trainings: seats, the waiting list and attendance."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RegistrationStatus
from .querysets import RegistrationQuerySet


def new_checkin_token() -> str:
    return secrets.token_urlsafe(16)


class ParticipationForm(models.TextChoices):
    PASSIVE = "passive", _("passive participant")
    ACTIVE = "active", _("active participant")
    LECTURER = "lecturer", _("lecturer")
    MODERATOR = "moderator", _("moderator")


class RegistrationSource(models.TextChoices):
    SELF = "self", _("registered themselves")
    STAFF = "staff", _("registered by staff")
    IMPORT = "import", _("imported")
    WALK_IN = "walk_in", _("walk-in")


class ConsentSource(models.TextChoices):
    """Where the person gave their consents themselves (never staff for them)."""

    REGISTRATION = "registration", _("registration form")
    WALK_IN = "walk_in", _("walk-in form at the door")
    LINK = "link", _("consent page (link in the e-mail)")
    MY_TRAININGS = "my_trainings", _("consent page (My trainings)")


class Registration(models.Model):
    """A person's registration for a training, and their attendance.

    When the person deletes their account the registration stays without them
    (``user`` empty, ``anonymised_at`` set), so the counts of registrations and
    attendance never move; what counted is in its ``attendance`` record.
    """

    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("training"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="training_registrations",
        verbose_name=_("participant"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices
    )
    participation_form = models.CharField(
        _("participation form"),
        max_length=12,
        choices=ParticipationForm.choices,
        default=ParticipationForm.PASSIVE,
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=RegistrationSource.choices,
        default=RegistrationSource.SELF,
    )
    consent_data = models.BooleanField(
        _("consents to processing of data for this training"), default=False
    )
    consent_chamber = models.BooleanField(
        _("consents to the report to the Chamber"), default=False
    )
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_source = models.CharField(
        _("consent given through"),
        max_length=20,
        choices=ConsentSource.choices,
        blank=True,
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(
        _("moved from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    checkin_token = models.CharField(
        _("check-in code"), max_length=32, unique=True, default=new_checkin_token
    )
    # The hidden token of the walk-in form that created this registration: a
    # form sent twice (a double tap on a slow phone) adds the person once.
    walkin_token = models.UUIDField(
        _("walk-in form token"), null=True, blank=True, unique=True, editable=False
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "user"],
                condition=~models.Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_active_per_person",
            ),
        ]
        indexes = [
            models.Index(
                fields=["training", "status", "created_at"],
                name="registration_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or _('anonymised')} — {self.training}"

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def has_consented(self) -> bool:
        """Both consents given: only then is the person in the Chamber package."""
        return self.consent_data and self.consent_chamber

    @property
    def points(self) -> int:
        return self.training.points_for(self.participation_form)
