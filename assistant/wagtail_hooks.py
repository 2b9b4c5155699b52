"""Admin for the assistant: curated answers, synonyms, English terms, and the
anonymous list
of questions it could not answer (read and delete only)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from assistant import views_admin
from assistant.models import FaqEntry, LexiconEntry, Synonym


class FaqEntryViewSet(SnippetViewSet):
    model = FaqEntry
    icon = "help"
    menu_label = _("Frequently asked questions")
    list_display = ["question", "slug", "live"]
    list_filter = ["live"]
    search_fields = ["question", "variants"]


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyms")
    list_display = ["__str__", "note"]
    search_fields = ["terms"]


class LexiconEntryViewSet(SnippetViewSet):
    model = LexiconEntry
    icon = "openquote"
    menu_label = _("English terms")
    list_display = ["english", "serbian", "note"]
    search_fields = ["english", "serbian"]


class AssistantGroup(SnippetViewSetGroup):
    items = (FaqEntryViewSet, SynonymViewSet, LexiconEntryViewSet)
    menu_icon = "help"
    menu_label = _("Ask the handbook")
    menu_name = "assistant"


register_snippet(AssistantGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "assistant/unanswered/",
            views_admin.unanswered_list,
            name="assistant_unanswered",
        )
    ]


class UnansweredMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("assistant.view_unansweredquestion")


@hooks.register("register_reports_menu_item")
def register_unanswered_report():
    return UnansweredMenuItem(
        _("Unanswered questions"),
        reverse("assistant_unanswered"),
        icon_name="help",
        order=900,
    )
