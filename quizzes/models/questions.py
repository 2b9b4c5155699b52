"""The question bank: questions, their options and programme topics.

Questions know nothing of how they are played: a self-paced attempt and a live
session both read them and score answers with ``quizzes.scoring``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from quizzes.admin_forms import QuestionForm


class Topic(models.Model):
    """A topic of the training programme, used to tag questions."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("programme topic")
        verbose_name_plural = _("programme topics")

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TRUE_FALSE = "true_false", _("true or false")
    MATCHING = "matching", _("matching")
    ORDERING = "ordering", _("ordering")
    SHORT_TEXT = "short_text", _("short text")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE}


class Question(index.Indexed, ClusterableModel):
    """One question of the bank, with its options or accepted answers."""

    text = models.TextField(_("question"))
    kind = models.CharField(
        _("type"), max_length=12, choices=QuestionKind.choices, db_index=True
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Shown with the feedback: why the answer is what it is."),
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_(
            "Short text questions only: one accepted answer per line. Case, "
            "spaces and script (Cyrillic or Latin) do not matter."
        ),
    )
    topics = ParentalManyToManyField(
        Topic, blank=True, related_name="questions", verbose_name=_("topics")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("topics"),
        InlinePanel(
            "options",
            heading=_("Options"),
            help_text=_(
                "Choice questions: tick the correct options. Matching: each "
                "option is a pair (item and its match). Ordering: list the "
                "options in the correct order; learners see them shuffled."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("accepted_answers"), FieldPanel("explanation")],
            heading=_("Answers and feedback"),
        ),
    ]
    search_fields = [index.SearchField("text"), index.FilterField("kind")]
    base_form_class = QuestionForm

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    @property
    def accepted_answer_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line]


class Option(Orderable):
    """An option of a question, with the feedback that explains it."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    match = models.CharField(
        _("match"),
        max_length=500,
        blank=True,
        help_text=_("Matching questions only: what this item is paired with."),
    )
    feedback = models.TextField(
        _("feedback"), blank=True, help_text=_("Why this option is right or wrong.")
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("is_correct"),
        FieldPanel("match"),
        FieldPanel("feedback"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.text
