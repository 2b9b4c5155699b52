"""What the platform keeps of practice: ids, levels and choices, never free text.

Practice is about invented cases; nothing here describes a real person.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .indicators import AgeGroup, Level


class ScreeningAttempt(models.Model):
    """A free practice run of the screening tool: which indicators, what level."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="screening_attempts",
        verbose_name=_("trainee"),
    )
    indicator_set = models.ForeignKey(
        "exercises.IndicatorSet",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("indicator set"),
    )
    age_group = models.CharField(_("age group"), max_length=5, choices=AgeGroup.choices)
    indicator_ids = models.JSONField(_("marked indicators"), default=list)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening practice")
        verbose_name_plural = _("screening practice")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.indicator_set_id} {self.level} {self.created_at:%Y-%m-%d}"


class CaseAttempt(models.Model):
    """A trainee's answer to a case study, with what was found and missed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="case_attempts",
        verbose_name=_("trainee"),
    )
    case = models.ForeignKey(
        "exercises.CaseStudyPage",
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("case study"),
    )
    indicator_ids = models.JSONField(_("marked indicators"), default=list)
    missed_ids = models.JSONField(_("missed indicators"), default=list)
    wrong_ids = models.JSONField(_("wrongly marked indicators"), default=list)
    step_ids = models.JSONField(_("chosen steps"), default=list)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    expected_level = models.CharField(
        _("expected level"), max_length=10, choices=Level.choices
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("case study attempt")
        verbose_name_plural = _("case study attempts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.level} {self.created_at:%Y-%m-%d}"


def new_run_code() -> str:
    """Six hexadecimal digits, typed in the room on ``/uzivo/``."""
    return secrets.token_hex(3)


def _run_code() -> str:  # the field's default, named in migration 0001
    return new_run_code()


class ExerciseRun(models.Model):
    """A trainer running one exercise block live with a group.

    Responses given while the run is open belong to it, so its results can be
    shown to the room (aggregated, without names).
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    block_id = models.CharField(_("block"), max_length=64)
    code = models.CharField(_("code"), max_length=12, unique=True, default=_run_code)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("live exercise run")
        verbose_name_plural = _("live exercise runs")

    def __str__(self) -> str:
        return self.code


class ExerciseResponse(models.Model):
    """One learner's answer to an exercise block, as structured results only."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    block_id = models.CharField(_("block"), max_length=64, db_index=True)
    kind = models.CharField(_("exercise"), max_length=40)
    run = models.ForeignKey(
        ExerciseRun,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("live run"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exercise_responses",
        verbose_name=_("learner"),
    )
    result = models.JSONField(_("result"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("exercise response")
        verbose_name_plural = _("exercise responses")
        indexes = [models.Index(fields=["page", "block_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.block_id}"
