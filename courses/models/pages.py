"""Course pages: the course catalogue, a course with its modules, and lessons."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.blocks import EXERCISE_BLOCK_TYPES, LessonBlock
from lms.models.pages import LatinSlugMixin


class CourseIndexPage(LatinSlugMixin, Page):
    """The list of self-paced courses."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.pk:
            self.show_in_menus = True

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import courses_for_index

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = courses_for_index(self, request.user)
        return context


class TrainingRelation(models.TextChoices):
    PREPARATION = "preparation", _("preparation for the training")
    FOLLOW_UP = "follow_up", _("follow-up of the training")


class CoursePage(RoutablePageMixin, LatinSlugMixin, Page):
    """A self-paced course: modules (sections) of lessons, and who may enrol."""

    intro = RichTextField(_("introduction"), blank=True)
    outcomes = RichTextField(
        _("what you will learn"), blank=True, features=["bold", "italic", "ul"]
    )
    duration = models.CharField(_("estimated duration"), max_length=100, blank=True)
    self_enrolment = models.BooleanField(_("anyone may enrol"), default=True)
    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("training"),
        help_text=_("Registrants of this training are enrolled automatically."),
    )
    training_relation = models.CharField(
        _("relation to the training"),
        max_length=12,
        choices=TrainingRelation.choices,
        default=TrainingRelation.FOLLOW_UP,
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("outcomes"),
        FieldPanel("duration"),
        InlinePanel("modules", heading=_("Modules"), label=_("module")),
        MultiFieldPanel(
            [
                FieldPanel("self_enrolment"),
                FieldRowPanel(
                    [FieldPanel("training"), FieldPanel("training_relation")]
                ),
            ],
            heading=_("Enrolment"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @path("")
    def detail(self, request):
        from courses.views.learning import course_detail

        return course_detail(request, self)

    @path("upis/")
    def enrol(self, request):
        from courses.views.learning import course_enrol

        return course_enrol(request, self)

    @path("nastavak/")
    def resume(self, request):
        from courses.views.learning import course_resume

        return course_resume(request, self)

    @path("potvrda/")
    def certificate(self, request):
        from courses.views.practice import course_certificate

        return course_certificate(request, self)


class CourseModule(Orderable):
    """A module of a course: a section that groups lessons under one topic."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("summary")]

    class Meta(Orderable.Meta):
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class LessonPageForm(WagtailAdminPageForm):
    """Offer only the modules of the lesson's own course."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.parent_page or (
            self.instance.get_parent() if self.instance.pk else None
        )
        if "module" in self.fields:
            self.fields["module"].queryset = CourseModule.objects.filter(
                course_id=getattr(parent, "pk", None)
            )


class LessonPage(RoutablePageMixin, LatinSlugMixin, Page):
    """One lesson of a course, in a module; its content is a StreamField."""

    module = models.ForeignKey(
        CourseModule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("module"),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(LessonBlock(), blank=True, verbose_name=_("content"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    required = models.BooleanField(_("required for completion"), default=True)

    base_form_class = LessonPageForm
    content_panels = Page.content_panels + [
        FieldRowPanel(
            [
                FieldPanel("module"),
                FieldPanel("duration_minutes"),
                FieldPanel("required"),
            ]
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @path("")
    def detail(self, request):
        from courses.views.learning import lesson_detail

        return lesson_detail(request, self)

    @path("zavrseno/")
    def complete(self, request):
        from courses.views.learning import lesson_complete

        return lesson_complete(request, self)

    def embedded_quizzes(self) -> list[tuple[int, bool]]:
        """(quiz id, required) for every quiz block of the body."""
        return [
            (block.value["quiz"].pk, bool(block.value["required"]))
            for block in self.body
            if block.block_type == "quiz" and block.value.get("quiz")
        ]

    @path("vezba/<str:block_id>/")
    def exercise(self, request, block_id):
        from courses.views.practice import lesson_exercise_answer

        return lesson_exercise_answer(request, self, block_id)

    def exercise_block(self, block_id: str):
        """The embedded exercise with ``block_id``, or None."""
        return next(
            (
                block
                for block in self.body
                if block.id == block_id and block.block_type in EXERCISE_BLOCK_TYPES
            ),
            None,
        )

    def practice_blocks(self) -> list:
        """The embedded exercises and case studies, in the order of the body."""
        types = EXERCISE_BLOCK_TYPES | {"case_study"}
        return [block for block in self.body if block.block_type in types]


class LessonQuiz(models.Model):
    """A quiz embedded in a lesson, for queries.

    Kept in step with the published body by ``services.lesson_quizzes_sync``.
    """

    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="lesson_quizzes"
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz", on_delete=models.CASCADE, related_name="lesson_quizzes"
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("quiz in a lesson")
        verbose_name_plural = _("quizzes in lessons")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "quiz"], name="lesson_quiz_once")
        ]

    def __str__(self) -> str:
        return f"{self.quiz} — {self.lesson}"
