from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals to the Centre")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import mfa, registry, roles

        from . import checks, integration  # noqa: F401 - checks register themselves
        from .roles import CASE_WORKER, HEAD, ROLE_PERMISSIONS

        for role, permissions in ROLE_PERMISSIONS.items():
            roles.register_role_permissions(role, permissions)
        # The Centre's roles read referrals: MFA_REQUIRED_FOR_ROLES may name them.
        mfa.register_mfa_role(
            "case_worker", lambda user, groups: bool({CASE_WORKER, HEAD} & groups)
        )
        mfa.register_mfa_role("centre_head", lambda user, groups: HEAD in groups)
        registry.register_result_action(integration.refer_action)
        registry.register_dashboard_panel(integration.dashboard_panel)
        registry.register_account_links(integration.account_links)
        registry.register_personal_data("referrals", integration.personal_data)
        registry.register_account_deletion(integration.account_deleting)
        integration.register_periodic_purge()
