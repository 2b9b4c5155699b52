from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import registry

        from . import integration, searchable, signals  # noqa: F401

        registry.register_personal_data("courses", integration.personal_data)
        # What the assistant may answer from (it sits on top; see DESIGN.md).
        registry.register_searchable(searchable.SOURCE)
        registry.register_account_deletion(integration.account_delete)
        registry.register_dashboard_panel(integration.dashboard_panel)
