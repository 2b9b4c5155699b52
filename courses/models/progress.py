"""Enrolment in a course and the lessons a learner has completed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("self-enrolment")
    TRAINING = "training", _("registered for the training")
    STAFF = "staff", _("enrolled by staff")


class Enrolment(models.Model):
    """A learner's place in a course: where they are and whether they finished."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_enrolments",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    source = models.CharField(
        _("how"), max_length=10, choices=EnrolmentSource.choices, default="self"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    last_lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last lesson opened"),
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_enrolment_per_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"


class LessonCompletion(models.Model):
    """A lesson a learner has completed."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="completions"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("completed lesson")
        verbose_name_plural = _("completed lessons")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="lesson_completed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson} ({self.completed_at:%Y-%m-%d})"


class ExerciseCompletion(models.Model):
    """An exercise embedded in a lesson that the learner has done there.

    What the learner answered is kept by the exercises app (structured results
    only); this row only says "done", to gate the lesson's completion.
    """

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="exercise_completions"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    block_id = models.CharField(_("exercise block"), max_length=64)
    completed_at = models.DateTimeField(_("done"), default=timezone.now)

    class Meta:
        verbose_name = _("exercise done in a lesson")
        verbose_name_plural = _("exercises done in lessons")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson", "block_id"],
                name="lesson_exercise_done_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id}/{self.block_id}"
