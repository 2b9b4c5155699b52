from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from events.exports.hooks import register_certificate_columns
        from events.imports.claims import participant_claimed
        from lms import registry
        from lms.periodic import register_periodic
        from lms.roles import STAFF, register_role_permissions

        from . import integration
        from .tasks import certificates_issue_late_task

        registry.register_personal_data("certificates", integration.personal_data)
        registry.register_account_deletion(integration.account_delete)
        registry.register_dashboard_panel(integration.dashboard_panel)
        registry.register_deletion_notice(integration.DELETION_NOTICE)
        register_certificate_columns(integration.chamber_columns)
        # A paper record claimed at sign-up brings its certificates along.
        participant_claimed.connect(
            integration.certificates_follow_claim,
            dispatch_uid="certificates_follow_claim",
        )
        # Designs and per-training settings are edited in the Wagtail admin;
        # certificates themselves change only through the services (audited).
        register_role_permissions(
            STAFF,
            {
                f"certificates.{action}_{model}"
                for action in ("add", "change", "delete", "view")
                for model in ("certificatetemplate", "trainingcertificatepolicy")
            }
            | {"certificates.view_certificate"},
        )
        # Late eligibility (attendance corrected after the batch): hourly.
        register_periodic(
            "certificates.late", certificates_issue_late_task, timedelta(hours=1)
        )
