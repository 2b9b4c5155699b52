from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import registry, roles

        from . import integration

        registry.register_personal_data("quiz_attempts", integration.personal_data)
        registry.register_account_deletion(integration.account_delete)
        registry.register_personal_data("live_sessions", integration.live_personal_data)
        registry.register_account_deletion(integration.live_account_delete)
        registry.register_dashboard_panel(integration.live_dashboard_panel)
        registry.register_join_code(integration.live_join_url)
        roles.register_role_permissions(roles.STAFF, integration.STAFF_PERMISSIONS)
