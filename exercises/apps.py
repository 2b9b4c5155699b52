from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Centre staff edit the screening tool's content and rule in the admin.
STAFF_PERMISSIONS = {
    f"exercises.{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in (
        "indicatorset",
        "indicator",
        "dimension",
        "exploitationform",
        "screeningrule",
        "nextstep",
    )
}


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = _("Exercises and screening practice")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import registry, roles

        from . import integration, searchable

        roles.register_role_permissions(roles.STAFF, STAFF_PERMISSIONS)

        registry.register_personal_data("practice", integration.personal_data)
        # What the assistant may answer from (it sits on top; see DESIGN.md).
        registry.register_searchable(searchable.SOURCE)
        registry.register_dashboard_panel(integration.dashboard_panel)
        registry.register_join_code(integration.run_join_url)
