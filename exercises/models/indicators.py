"""Indicator sets per sector, their dimensions and the screening rule."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from exercises import screening
from exercises.admin_forms import ScreeningRuleForm


class Strength(models.TextChoices):
    STRONG = screening.STRONG, _("strong")
    MEDIUM = screening.MEDIUM, _("medium")
    WEAK = screening.WEAK, _("weak")


class Level(models.TextChoices):
    LOW = screening.LOW, _("low")
    ELEVATED = screening.ELEVATED, _("elevated")
    HIGH = screening.HIGH, _("high")


class AgeGroup(models.TextChoices):
    ADULT = "adult", _("adult")
    CHILD = "child", _("child")


class DimensionRole(models.TextChoices):
    MEANS = screening.MEANS, _("means (how a person is recruited or held)")
    PURPOSE = screening.PURPOSE, _("purpose (exploitation)")
    SIGNS = screening.SIGNS, _("supporting signs")


class Dimension(models.Model):
    """A group of indicators, e.g. "recruitment by deception" or "exploitation"."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    role = models.CharField(
        _("role in the rule"),
        max_length=10,
        choices=DimensionRole.choices,
        default=DimensionRole.SIGNS,
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("key"),
        FieldPanel("role"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ExploitationForm(models.Model):
    """A form of exploitation: sexual, labour, forced marriage, begging…"""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("form of exploitation")
        verbose_name_plural = _("forms of exploitation")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorSetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class IndicatorSet(models.Model):
    """The indicators for one sector (social protection, health, education…)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    system = models.ForeignKey(
        "lms.System",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    intro = models.TextField(_("introduction"), blank=True)
    active = models.BooleanField(_("shown in the screening tool"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = IndicatorSetQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("system"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorQuerySet(models.QuerySet):
    def for_age(self, age_group: str):
        if age_group == AgeGroup.CHILD:
            return self.filter(for_children=True)
        return self.filter(for_adults=True)


class Indicator(models.Model):
    """One sign that raises concern, with why it matters and what to ask."""

    indicator_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("indicator set"),
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("A short stable code, unique within the set (e.g. sp-12)."),
    )
    text = models.CharField(_("indicator"), max_length=300)
    explanation = models.TextField(
        _("explanation"), help_text=_("Why it matters; what to ask or observe.")
    )
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("dimension"),
    )
    strength = models.CharField(
        _("strength"), max_length=6, choices=Strength.choices, default=Strength.MEDIUM
    )
    for_adults = models.BooleanField(_("applies to adults"), default=True)
    for_children = models.BooleanField(_("applies to children"), default=True)
    forms = models.ManyToManyField(
        ExploitationForm,
        blank=True,
        related_name="indicators",
        verbose_name=_("forms of exploitation"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = IndicatorQuerySet.as_manager()

    panels = [
        FieldPanel("indicator_set"),
        FieldPanel("text"),
        FieldPanel("explanation"),
        FieldRowPanel([FieldPanel("dimension"), FieldPanel("strength")]),
        FieldRowPanel([FieldPanel("for_adults"), FieldPanel("for_children")]),
        FieldPanel("forms"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
    ]

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["indicator_set", "dimension__sort_order", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "code"], name="exercises_indicator_code"
            ),
            models.CheckConstraint(
                condition=models.Q(for_adults=True) | models.Q(for_children=True),
                name="exercises_indicator_applies_to_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def as_mark(self) -> screening.Mark:
        return screening.Mark(
            indicator=self.pk,
            dimension=self.dimension.key,
            role=self.dimension.role,
            strength=self.strength,
        )


class ScreeningRule(ClusterableModel):
    """The thresholds of the screening rule, visible and editable by staff."""

    name = models.CharField(_("name"), max_length=120)
    is_default = models.BooleanField(
        _("used by the screening tool"),
        default=False,
        help_text=_("Only one rule is used; marking this one unmarks the others."),
    )
    high_requires_purpose = models.BooleanField(
        _("a high level requires the exploitation dimension"), default=True
    )
    high_min_means = models.PositiveSmallIntegerField(
        _("means dimensions required for a high level (adults)"), default=1
    )
    high_min_means_children = models.PositiveSmallIntegerField(
        _("means dimensions required for a high level (children)"), default=0
    )
    elevated_min_dimensions = models.PositiveSmallIntegerField(
        _("dimensions present for an elevated level"), default=1
    )
    elevated_min_indicators = models.PositiveSmallIntegerField(
        _("indicators marked in all for an elevated level"), default=3
    )
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("is_default"),
        InlinePanel(
            "combinations",
            heading=_("When a dimension counts as present"),
            label=_("combination"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("high_requires_purpose"),
                FieldRowPanel(
                    [
                        FieldPanel("high_min_means"),
                        FieldPanel("high_min_means_children"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("elevated_min_dimensions"),
                        FieldPanel("elevated_min_indicators"),
                    ]
                ),
            ],
            heading=_("Overall level"),
        ),
        FieldPanel("notes"),
    ]

    base_form_class = ScreeningRuleForm

    class Meta:
        verbose_name = _("screening rule")
        verbose_name_plural = _("screening rules")
        constraints = [
            # The screening tool uses one rule: switch it with
            # ``exercises.services.screening_rule_default_switch``.
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="screening_rule_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude=None):
        # Marking a rule default in a form is a switch, not an error: the form
        # saves through ``screening_rule_default_switch``, which unmarks the
        # previous default first. The database constraint still holds.
        super().validate_constraints(exclude={*(exclude or ()), "is_default"})

    def as_rule(self) -> screening.Rule:
        combinations = tuple(
            screening.Combination(strong=c.strong, medium=c.medium, weak=c.weak)
            for c in self.combinations.all()
        )
        return screening.Rule(
            combinations=combinations or screening.DEFAULT_COMBINATIONS,
            high_requires_purpose=self.high_requires_purpose,
            high_min_means=self.high_min_means,
            high_min_means_children=self.high_min_means_children,
            elevated_min_dimensions=max(self.elevated_min_dimensions, 1),
            elevated_min_indicators=max(self.elevated_min_indicators, 1),
        )


class RuleCombination(Orderable):
    """ "A dimension is present with at least this many strong, medium, weak"."""

    rule = ParentalKey(
        ScreeningRule, on_delete=models.CASCADE, related_name="combinations"
    )
    strong = models.PositiveSmallIntegerField(
        _("strong"), default=0, validators=[MaxValueValidator(20)]
    )
    medium = models.PositiveSmallIntegerField(
        _("medium or stronger"), default=0, validators=[MaxValueValidator(20)]
    )
    weak = models.PositiveSmallIntegerField(
        _("any strength"), default=0, validators=[MaxValueValidator(20)]
    )

    panels = [
        FieldRowPanel([FieldPanel("strong"), FieldPanel("medium"), FieldPanel("weak")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("combination")
        verbose_name_plural = _("combinations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(strong__gt=0)
                | models.Q(medium__gt=0)
                | models.Q(weak__gt=0),
                name="exercises_combination_not_empty",
            )
        ]

    def __str__(self) -> str:
        return f"{self.strong}/{self.medium}/{self.weak}"


class NextStep(models.Model):
    """Something a professional may do next (inform the Centre, call the police…)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    text = models.CharField(_("step"), max_length=255)
    explanation = models.TextField(_("explanation"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.text
