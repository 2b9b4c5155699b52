from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from quizzes.models import Question, Quiz, Topic


class QuestionViewSet(SnippetViewSet):
    """The question bank, filterable by type and topic."""

    model = Question
    icon = "help"
    menu_label = _("Question bank")
    list_display = ["text", "kind"]
    list_filter = ["kind", "topics"]
    search_fields = ["text"]


class QuizViewSet(SnippetViewSet):
    """Quiz definitions; each links to its results and item analysis."""

    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "kind", "pass_mark"]
    list_filter = ["kind"]
    search_fields = ["title"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Programme topics")


class QuizzesGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionViewSet, TopicViewSet)
    menu_icon = "tasks"
    menu_label = _("Quizzes")
    menu_order = 230


register_snippet(QuizzesGroup)
