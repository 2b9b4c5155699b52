"""Evaluation questionnaires, their anonymous answers, and the Chamber export log.

Anonymous by construction: ``EvaluationResponse`` has no link to a person or a
registration, a random primary key and only the date of submission, so its
rows cannot be matched to ``EvaluationSubmission`` (which records only that a
registration has submitted) by key order or by time.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from events.conf import evaluation_open_days

# The Chamber's questionnaire: five items rated 1-5, then three open questions.
RATED_ITEMS = (
    ("content", _("Content")),
    ("presentation", _("Way of presenting")),
    ("usefulness", _("Usefulness of what was learned")),
    ("participation", _("Possibility for participants to take part")),
    ("technical", _("Technical conditions of the event")),
)
FREE_TEXT_ITEMS = (
    ("liked", _("What did you like about the training?")),
    ("change", _("What should be changed?")),
    (
        "improve_system",
        _(
            "What can be done to improve the system of protection of victims of "
            "human trafficking in Serbia?"
        ),
    ),
)
RATED_FIELDS = tuple(key for key, _label in RATED_ITEMS)
FREE_TEXT_FIELDS = tuple(key for key, _label in FREE_TEXT_ITEMS)


class QuestionKind(models.TextChoices):
    RATING = "rating", _("rating 1–5")
    TEXT = "text", _("free text")


class EvaluationTemplate(ClusterableModel):
    """A set of extra questions staff can add to a training's questionnaire."""

    name = models.CharField(_("name"), max_length=150, unique=True)

    panels = [FieldPanel("name"), InlinePanel("questions", label=_("questions"))]

    class Meta:
        verbose_name = _("evaluation question template")
        verbose_name_plural = _("evaluation question templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EvaluationTemplateQuestion(Orderable):
    template = ParentalKey(
        EvaluationTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default="text"
    )

    panels = [FieldPanel("text"), FieldPanel("kind")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")


class EvaluationForm(models.Model):
    """A training's questionnaire: when it is open, and its extra questions.

    The extra questions are copied from a template when it is chosen, so later
    edits of the template do not change what was asked.
    """

    training = models.OneToOneField(
        "events.TrainingPage",
        on_delete=models.CASCADE,
        related_name="evaluation_form",
        verbose_name=_("training"),
    )
    opened_at = models.DateTimeField(
        _("opened in the room at"),
        null=True,
        blank=True,
        help_text=_("Empty: the questionnaire opens when the training ends."),
    )
    open_days = models.PositiveSmallIntegerField(
        _("days open after the training"),
        default=evaluation_open_days,
    )
    template = models.ForeignKey(
        EvaluationTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extra questions from"),
    )
    extra_questions = models.JSONField(
        _("extra questions"), default=list, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("evaluation questionnaire")
        verbose_name_plural = _("evaluation questionnaires")

    def __str__(self) -> str:
        return str(self.training)


def _rating_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class EvaluationResponse(models.Model):
    """One anonymous completed questionnaire (no person, no precise time)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.CASCADE,
        related_name="evaluation_responses",
        verbose_name=_("training"),
    )
    submitted_on = models.DateField(_("submitted on"))
    content = _rating_field(RATED_ITEMS[0][1])
    presentation = _rating_field(RATED_ITEMS[1][1])
    usefulness = _rating_field(RATED_ITEMS[2][1])
    participation = _rating_field(RATED_ITEMS[3][1])
    technical = _rating_field(RATED_ITEMS[4][1])
    liked = models.TextField(FREE_TEXT_ITEMS[0][1], blank=True)
    change = models.TextField(FREE_TEXT_ITEMS[1][1], blank=True)
    improve_system = models.TextField(FREE_TEXT_ITEMS[2][1], blank=True)
    extra_answers = models.JSONField(_("extra answers"), default=list, blank=True)

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")
        # Random order: never the order of submission.
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    **{f"{field}__gte": 1 for field in RATED_FIELDS},
                    **{f"{field}__lte": 5 for field in RATED_FIELDS},
                ),
                name="evaluation_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.training} ({self.submitted_on})"

    @property
    def average(self) -> float:
        return sum(getattr(self, f) for f in RATED_FIELDS) / len(RATED_FIELDS)


class EvaluationSubmission(models.Model):
    """That a registration has submitted its evaluation, and nothing more."""

    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.CASCADE,
        related_name="evaluation_submissions",
        verbose_name=_("training"),
    )
    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="evaluation_submission",
        verbose_name=_("registration"),
    )

    class Meta:
        verbose_name = _("evaluation submitted")
        verbose_name_plural = _("evaluations submitted")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "registration"],
                name="evaluation_one_submission_per_registration",
            )
        ]

    def __str__(self) -> str:
        return str(self.training)


class ExportKind(models.TextChoices):
    ATTENDANCE_XLSX = "attendance_xlsx", _("attendance list (XLSX)")
    ATTENDANCE_CSV = "attendance_csv", _("attendance list (CSV)")
    EVALUATIONS_XLSX = "evaluations_xlsx", _("evaluations (XLSX)")
    REPORT_PDF = "report_pdf", _("report (PDF)")
    PACKAGE_ZIP = "package_zip", _("all files (ZIP)")


class ChamberExportLog(models.Model):
    """Who downloaded which Chamber export of which training, and when."""

    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.CASCADE,
        related_name="chamber_exports",
        verbose_name=_("training"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    kind = models.CharField(_("file"), max_length=20, choices=ExportKind.choices)
    via = models.CharField(_("via"), max_length=10, default="web")
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)

    # A log entry refers to nothing editors need to trace in the admin.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("Chamber export")
        verbose_name_plural = _("Chamber exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.training} — {self.get_kind_display()}"
