"""Case studies and exercise pages: index/detail pairs under the home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from exercises.blocks import ExerciseStreamBlock, StoryBlock
from lms.models.pages import LatinSlugMixin

from .indicators import AgeGroup, Level


class CaseStudyIndexPage(LatinSlugMixin, Page):
    """The list of case studies to practise the screening tool on."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["exercises.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("case study index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cases"] = (
            CaseStudyPage.objects.child_of(self)
            .live()
            .select_related("sector", "exploitation_form", "indicator_set")
        )
        return context


class Gender(models.TextChoices):
    FEMALE = "female", _("woman or girl")
    MALE = "male", _("man or boy")


class Citizenship(models.TextChoices):
    SERBIAN = "serbian", _("citizen of Serbia")
    FOREIGN = "foreign", _("foreign national")


class CaseStudyPage(RoutablePageMixin, LatinSlugMixin, Page):
    """An invented, anonymised case told in parts, with the expert's answer.

    The trainee reads the story, marks indicators from the case's indicator set,
    chooses next steps and gets feedback against the expert's answer.
    """

    summary = models.CharField(_("summary"), max_length=255, blank=True)
    content_warning = models.CharField(
        _("content warning"),
        max_length=255,
        blank=True,
        help_text=_("What the story contains that may be hard to read."),
    )
    story = StreamField(StoryBlock(), verbose_name=_("story"))
    sector = models.ForeignKey(
        "lms.System",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written for the sector"),
    )
    indicator_set = models.ForeignKey(
        "exercises.IndicatorSet",
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("indicator set to screen with"),
    )
    age_group = models.CharField(_("age group"), max_length=5, choices=AgeGroup.choices)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    citizenship = models.CharField(
        _("citizenship"),
        max_length=8,
        choices=Citizenship.choices,
        default=Citizenship.SERBIAN,
    )
    exploitation_form = models.ForeignKey(
        "exercises.ExploitationForm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("form of exploitation"),
        help_text=_("Leave empty for a case of risk without trafficking."),
    )
    expected_level = models.CharField(
        _("expected level"), max_length=10, choices=Level.choices
    )
    expert_summary = RichTextField(
        _("the expert's answer"),
        features=["bold", "italic", "ul", "ol", "link"],
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("content_warning"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sector"), FieldPanel("indicator_set")]),
                FieldRowPanel([FieldPanel("age_group"), FieldPanel("gender")]),
                FieldRowPanel(
                    [FieldPanel("citizenship"), FieldPanel("exploitation_form")]
                ),
            ],
            heading=_("About the case"),
        ),
        FieldPanel("story"),
        MultiFieldPanel(
            [
                FieldPanel("expected_level"),
                FieldPanel("expert_summary"),
                InlinePanel("case_indicators", label=_("indicator")),
                InlinePanel("case_steps", label=_("next step")),
            ],
            heading=_("The expert's answer"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("story"),
    ]

    parent_page_types = ["exercises.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("case study")

    @property
    def is_trafficking_case(self) -> bool:
        return self.exploitation_form_id is not None

    @path("")
    def case(self, request):
        from exercises.views.cases import case_study

        return case_study(request, self)


class CaseIndicatorKind(models.TextChoices):
    PRESENT = "present", _("present in the case")
    TEMPTING = "tempting", _("tempting but absent")


class CaseIndicator(Orderable):
    """An indicator in the expert's answer: present, or absent but tempting."""

    page = ParentalKey(
        CaseStudyPage, on_delete=models.CASCADE, related_name="case_indicators"
    )
    indicator = models.ForeignKey(
        "exercises.Indicator",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("indicator"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=8,
        choices=CaseIndicatorKind.choices,
        default=CaseIndicatorKind.PRESENT,
    )
    note = models.TextField(_("where it shows in the story, or why it is absent"))

    panels = [FieldPanel("indicator"), FieldPanel("kind"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("case indicator")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "indicator"], name="exercises_case_indicator_once"
            )
        ]


class CaseStep(Orderable):
    """A next step offered in the case: recommended or not, and why."""

    page = ParentalKey(
        CaseStudyPage, on_delete=models.CASCADE, related_name="case_steps"
    )
    step = models.ForeignKey(
        "exercises.NextStep",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("step"),
    )
    recommended = models.BooleanField(_("recommended"), default=True)
    reason = models.TextField(_("reason"))

    panels = [FieldPanel("step"), FieldPanel("recommended"), FieldPanel("reason")]

    class Meta(Orderable.Meta):
        verbose_name = _("case step")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "step"], name="exercises_case_step_once"
            )
        ]


class ExerciseIndexPage(LatinSlugMixin, Page):
    """The list of the training's interactive exercises."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["exercises.ExercisePage"]
    max_count = 1

    class Meta:
        verbose_name = _("exercise index")


class ExercisePage(LatinSlugMixin, Page):
    """A page with one or more self-paced exercises (the same blocks as in lessons)."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(ExerciseStreamBlock(), verbose_name=_("exercises"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["exercises.ExerciseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("exercise page")
