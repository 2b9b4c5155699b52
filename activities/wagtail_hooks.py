"""The activities' content as a snippet for centre staff."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from activities.models import ActivityContent


class ActivityContentViewSet(SnippetViewSet):
    model = ActivityContent
    icon = "group"
    menu_label = _("Room activities")
    list_display = ["title", "kind"]
    list_filter = ["kind"]
    search_fields = ["title", "prompt", "case_text"]


register_snippet(ActivityContentViewSet)
