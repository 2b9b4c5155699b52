"""Self-paced attempts at a quiz and the answers given in them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AttemptQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def open(self):
        return self.filter(submitted_at__isnull=True)


class Attempt(models.Model):
    """One learner's attempt at a quiz.

    The question order and the seed for option order are fixed at the start,
    so a reload or a resume shows the same quiz.
    """

    quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("quiz"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("learner"),
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    seed = models.PositiveIntegerField(_("shuffle seed"))
    question_ids = models.JSONField(_("questions in order"), default=list)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    points = models.FloatField(_("points"), null=True, blank=True)
    max_points = models.FloatField(_("maximum points"), null=True, blank=True)
    percent = models.FloatField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)
    return_url = models.CharField(_("return to"), max_length=500, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="attempt_number_per_learner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number} ({self.user})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def time_is_up(self, now=None) -> bool:
        return bool(self.deadline and (now or timezone.now()) > self.deadline)


class Answer(models.Model):
    """A learner's answer to one question of an attempt, with its score (0–1)."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="answers"
    )
    response = models.JSONField(_("response"), default=dict)
    score = models.FloatField(_("score"), default=0)
    correct = models.BooleanField(_("correct"), default=False)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=1),
                name="answer_score_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt}: {self.question_id} = {self.score}"
