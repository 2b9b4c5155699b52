from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Centre staff prepare the activities' content (case texts, prompts, images).
STAFF_PERMISSIONS = {
    f"activities.{action}_activitycontent"
    for action in ("add", "change", "delete", "view")
}


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Room activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import registry, roles

        from . import integration, live
        from .models import ActivityKind

        roles.register_role_permissions(roles.STAFF, STAFF_PERMISSIONS)
        registry.register_join_code(live.join_url)
        registry.register_dashboard_panel(integration.dashboard_panel)
        for kind, label in ActivityKind.choices:
            registry.register_agenda_activity(f"activities.{kind}", label)
