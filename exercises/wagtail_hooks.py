"""Indicators, dimensions, the rule and next steps as snippets for staff."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from exercises.models import (
    Dimension,
    ExploitationForm,
    Indicator,
    IndicatorSet,
    NextStep,
    ScreeningRule,
)


class IndicatorSetViewSet(SnippetViewSet):
    model = IndicatorSet
    icon = "list-ul"
    menu_label = _("Indicator sets (sectors)")
    list_display = ["name", "system", "active"]


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "tick"
    menu_label = _("Indicators")
    list_display = ["text", "indicator_set", "dimension", "strength"]
    list_filter = ["indicator_set", "dimension", "strength", "for_children"]
    search_fields = ["text", "explanation"]
    list_per_page = 100


class DimensionViewSet(SnippetViewSet):
    model = Dimension
    icon = "folder-open-inverse"
    menu_label = _("Dimensions")
    list_display = ["name", "role", "sort_order"]


class ExploitationFormViewSet(SnippetViewSet):
    model = ExploitationForm
    icon = "tag"
    menu_label = _("Forms of exploitation")


class ScreeningRuleViewSet(SnippetViewSet):
    model = ScreeningRule
    icon = "cogs"
    menu_label = _("Screening rule")
    list_display = ["name", "is_default"]


class NextStepViewSet(SnippetViewSet):
    model = NextStep
    icon = "arrow-right"
    menu_label = _("Next steps")
    list_display = ["text", "sort_order"]


class ScreeningGroup(SnippetViewSetGroup):
    items = (
        IndicatorSetViewSet,
        IndicatorViewSet,
        DimensionViewSet,
        ExploitationFormViewSet,
        ScreeningRuleViewSet,
        NextStepViewSet,
    )
    menu_icon = "tick-inverse"
    menu_label = _("Screening tool")
    menu_name = "screening"
    menu_order = 230


register_snippet(ScreeningGroup)
