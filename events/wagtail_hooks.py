from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import (
    ChamberExportLog,
    EvaluationTemplate,
    Registration,
    TrainerProfile,
)


class TrainerProfileViewSet(SnippetViewSet):
    model = TrainerProfile
    icon = "user"
    menu_label = _("Trainers")
    list_display = ["name", "user"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 210


class RegistrationViewSet(SnippetViewSet):
    """Registrations for staff, filterable by status, form and training."""

    model = Registration
    icon = "list-ul"
    menu_label = _("Registrations")
    list_display = ["user", "training", "status", "participation_form", "checked_in_at"]
    list_filter = ["status", "participation_form", "source", "training"]
    inspect_view_enabled = True
    add_to_admin_menu = True
    menu_order = 220


class EvaluationTemplateViewSet(SnippetViewSet):
    """Extra evaluation questions staff can add to a training's questionnaire."""

    model = EvaluationTemplate
    icon = "form"
    menu_label = _("Evaluation questions")
    list_display = ["name"]
    add_to_admin_menu = True
    menu_order = 230


class ChamberExportLogViewSet(SnippetViewSet):
    """Who downloaded which Chamber export (read only)."""

    model = ChamberExportLog
    icon = "download"
    menu_label = _("Chamber exports")
    list_display = ["created_at", "training", "kind", "user", "via"]
    list_filter = ["kind", "via"]
    inspect_view_enabled = True
    add_to_admin_menu = True
    menu_order = 240


register_snippet(TrainerProfileViewSet)
register_snippet(EvaluationTemplateViewSet)
register_snippet(ChamberExportLogViewSet)
register_snippet(RegistrationViewSet)
