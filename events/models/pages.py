"""The training calendar: an index page and one page per training."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from events.accreditation import DEFAULT_CATEGORY, ActivityCategory, default_points
from events.blocks import ProgrammeBlock
from lms.models.pages import LatinSlugMixin
from lms.widgets import DistrictGroupedSelect

from .choices import TrainingStatus
from .querysets import TrainingPageManager

_POINTS = default_points(DEFAULT_CATEGORY)


class TrainingIndexPage(RoutablePageMixin, LatinSlugMixin, Page):
    """The training calendar: upcoming and past trainings, as a list or a month."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["events.TrainingPage"]
    max_count = 1

    class Meta:
        verbose_name = _("training calendar")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.pk:
            self.show_in_menus = True

    @path("")
    def calendar_list(self, request):
        from events.views.calendar import calendar_list

        return calendar_list(request, self)

    @path("mesec/")
    def calendar_month(self, request):
        from events.views.calendar import calendar_month

        return calendar_month(request, self)

    @path("okruzi/")
    def districts(self, request):
        from events.views.calendar import calendar_districts

        return calendar_districts(request, self)


# Changes to these fields are announced to calendar programs (SEQUENCE).
CALENDAR_FIELDS = ("title", "start", "end", "venue_name", "venue_address", "status")
# Changes to these are announced to registrants by e-mail (when, where); a new
# title, text or a status moving to "held" is not news to them.
NOTICE_FIELDS = ("start", "end", "venue_name", "venue_address", "municipality_id")


class TrainingPage(RoutablePageMixin, LatinSlugMixin, Page):
    """One training: when and where, who may register, and its accreditation."""

    intro = RichTextField(_("introduction"), blank=True)
    programme = StreamField(ProgrammeBlock(), blank=True, verbose_name=_("programme"))
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    venue_name = models.CharField(_("venue"), max_length=200)
    venue_address = models.CharField(_("venue address"), max_length=255, blank=True)
    municipality = models.ForeignKey(
        "lms.Municipality",
        on_delete=models.PROTECT,
        null=True,
        related_name="trainings",
        verbose_name=_("city or municipality"),
    )
    capacity = models.PositiveIntegerField(_("seats"), default=50)
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True
    )
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True
    )
    target_systems = ParentalManyToManyField(
        "lms.System", blank=True, related_name="+", verbose_name=_("target systems")
    )
    restrict_to_target_systems = models.BooleanField(
        _("only the target systems may register"), default=False
    )
    lecturers = ParentalManyToManyField(
        "events.TrainerProfile",
        blank=True,
        related_name="trainings_as_lecturer",
        verbose_name=_("lecturers"),
    )
    moderator = models.ForeignKey(
        "events.TrainerProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings_as_moderator",
        verbose_name=_("moderator"),
    )
    organisers = models.TextField(_("organisers"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    accreditation_number = models.CharField(
        _("Chamber decision number"), max_length=100, blank=True
    )
    accreditation_date = models.DateField(
        _("Chamber decision date"), null=True, blank=True
    )
    # The decisions were requested before the calendar was fixed: they often
    # name another town or date than where and when the training took place,
    # and the report to the Chamber states each such change.
    accredited_place = models.CharField(
        _("place named in the decision"),
        max_length=100,
        blank=True,
        help_text=_("Only if it differs from where the training takes place."),
    )
    accredited_day = models.DateField(
        _("date named in the decision"),
        null=True,
        blank=True,
        help_text=_("Only if it differs from the day the training takes place."),
    )
    activity_category = models.CharField(
        _("activity category"),
        max_length=40,
        choices=ActivityCategory.choices,
        default=DEFAULT_CATEGORY,
    )
    points_passive = models.PositiveSmallIntegerField(
        _("points, passive participant"), default=_POINTS["passive"]
    )
    points_active = models.PositiveSmallIntegerField(
        _("points, active participant"), default=_POINTS["active"]
    )
    points_moderator = models.PositiveSmallIntegerField(
        _("points, moderator"), default=_POINTS["moderator"]
    )
    points_lecturer = models.PositiveSmallIntegerField(
        _("points, lecturer"), default=_POINTS["lecturer"]
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TrainingStatus.choices,
        default=TrainingStatus.SCHEDULED,
    )
    change_reason = models.TextField(
        _("reason for the change"),
        blank=True,
        help_text=_("Shown on the page when a training is changed or cancelled."),
    )
    promotion_cutoff_hours = models.PositiveSmallIntegerField(
        _("no promotion from the waiting list in the last (hours)"), default=24
    )
    reported_participants = models.PositiveIntegerField(
        _("participants (reported)"),
        null=True,
        blank=True,
        help_text=_("For trainings held before registration was online."),
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = TrainingPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("municipality", widget=DistrictGroupedSelect),
                FieldPanel("status"),
                FieldPanel("change_reason"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens"),
                        FieldPanel("registration_closes"),
                    ]
                ),
                FieldPanel("target_systems"),
                FieldPanel("restrict_to_target_systems"),
                FieldPanel("promotion_cutoff_hours"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldPanel("lecturers"),
                FieldPanel("moderator"),
                FieldPanel("organisers"),
                FieldPanel("partners"),
            ],
            heading=_("People"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("accreditation_number"),
                        FieldPanel("accreditation_date"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("accredited_place"), FieldPanel("accredited_day")]
                ),
                FieldPanel("activity_category"),
                FieldRowPanel(
                    [
                        FieldPanel("points_passive"),
                        FieldPanel("points_active"),
                        FieldPanel("points_moderator"),
                        FieldPanel("points_lecturer"),
                    ]
                ),
                FieldPanel("reported_participants"),
            ],
            heading=_("Chamber of Social Protection accreditation"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("venue_name"),
        index.FilterField("start"),
        index.FilterField("status"),
    ]

    parent_page_types = ["events.TrainingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="training_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes__isnull=True)
                | models.Q(registration_opens__isnull=True)
                | models.Q(registration_closes__gte=models.F("registration_opens")),
                name="training_registration_closes_after_opening",
            ),
        ]

    @path("")
    def detail(self, request):
        from events.views.trainings import training_detail

        return training_detail(request, self)

    @path("registracija/")
    def register(self, request):
        from events.views.trainings import training_register

        return training_register(request, self)

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must not be before the start.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration must close after it opens.")}
            )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        touches_calendar = update_fields is None or set(update_fields) & set(
            CALENDAR_FIELDS
        )
        if self.pk and touches_calendar and self._calendar_fields_changed():
            self.sequence += 1
        return super().save(*args, **kwargs)

    def _calendar_fields_changed(self) -> bool:
        old = type(self).objects.filter(pk=self.pk).values(*CALENDAR_FIELDS).first()
        return bool(old) and any(old[f] != getattr(self, f) for f in CALENDAR_FIELDS)

    @property
    def district(self):
        return self.municipality.district if self.municipality_id else None

    @property
    def deadline(self):
        """Until when people may register and cancel."""
        return self.registration_closes or self.start

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status in (TrainingStatus.CANCELLED, TrainingStatus.HELD):
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return now < self.deadline

    def promotion_allowed(self, now=None) -> bool:
        """Whether a freed seat still goes to the waiting list (not too late)."""
        now = now or timezone.now()
        cutoff = self.start - datetime.timedelta(hours=self.promotion_cutoff_hours)
        return now < cutoff

    def points_for(self, participation_form: str) -> int:
        return getattr(self, f"points_{participation_form}", 0)

    @property
    def seats_left(self) -> int:
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.registrations.confirmed().count()
        return max(self.capacity - confirmed, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.status == TrainingStatus.CANCELLED

    @property
    def is_changed(self) -> bool:
        return self.status == TrainingStatus.CHANGED

    @property
    def is_held(self) -> bool:
        return self.status == TrainingStatus.HELD

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()
