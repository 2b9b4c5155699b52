"""Quiz definitions: which questions, in which order, with which rules.

One definition serves both ways of playing: self-paced (``Attempt``) or live.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class QuizKind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("knowledge quiz")
    PRE_TEST = "pre_test", _("pre-test")
    POST_TEST = "post_test", _("post-test")


class FeedbackMode(models.TextChoices):
    IMMEDIATE = "immediate", _("after each question")
    END = "end", _("at the end of the quiz")


class Quiz(index.Indexed, ClusterableModel):
    """A quiz: an ordered set of questions from the bank and its rules."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    intro = models.TextField(_("introduction"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=QuizKind.choices, default=QuizKind.KNOWLEDGE
    )
    pre_test = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="post_tests",
        limit_choices_to={"kind": QuizKind.PRE_TEST},
        verbose_name=_("pre-test"),
        help_text=_("For a post-test: the pre-test whose results it is compared to."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempt limit"), default=0, help_text=_("0 means no limit.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Leave empty: speed is not what is being tested."),
    )
    feedback_mode = models.CharField(
        _("feedback"),
        max_length=12,
        choices=FeedbackMode.choices,
        default=FeedbackMode.END,
    )
    allow_review = models.BooleanField(
        _("learners may review their attempts"), default=True
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("pre_test")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("pass_mark"),
                        FieldPanel("max_attempts"),
                        FieldPanel("time_limit_minutes"),
                    ]
                ),
                FieldPanel("feedback_mode"),
                FieldPanel("allow_review"),
            ],
            heading=_("Rules"),
        ),
        InlinePanel("quiz_questions", heading=_("Questions"), min_num=1),
    ]
    search_fields = [index.SearchField("title"), index.FilterField("kind")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__lte=100), name="quiz_pass_mark_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quizzes:quiz", args=[self.slug])


class QuizQuestion(Orderable):
    """A question's place in a quiz, and what it is worth."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(
        "quizzes.Question",
        on_delete=models.PROTECT,
        related_name="quiz_questions",
        verbose_name=_("question"),
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    panels = [FieldPanel("question"), FieldPanel("points")]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "question"], name="quiz_question_once"
            )
        ]
