from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals to the Centre")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import registry, roles

        from . import checks, integration  # noqa: F401 - checks register themselves
        from .roles import ROLE_PERMISSIONS

        for role, permissions in ROLE_PERMISSIONS.items():
            roles.register_role_permissions(role, permissions)
        registry.register_result_action(integration.refer_action)
        registry.register_dashboard_panel(integration.dashboard_panel)
        registry.register_personal_data("referrals", integration.personal_data)
        registry.register_account_deletion(integration.account_deleting)
        integration.register_periodic_purge()
