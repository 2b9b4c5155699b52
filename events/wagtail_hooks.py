from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import Registration, TrainerProfile


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


register_snippet(TrainerProfileViewSet)
register_snippet(RegistrationViewSet)
