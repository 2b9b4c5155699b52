"""Status values of trainings and registrations.

Kept apart from the models so that querysets (imported by the models) can use
them; compare with these members, never with the bare strings.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CHANGED = "changed", _("changed")
    CANCELLED = "cancelled", _("cancelled")
    HELD = "held", _("held")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
