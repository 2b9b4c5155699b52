from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Trainings and registration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import registry
        from lms.periodic import register_periodic
        from lms.roles import STAFF, register_role_permissions

        from . import integration, searchable, signals  # noqa: F401
        from .home_figures import home_figures
        from .tasks import reminders_send_task

        # Day-before reminders: checked hourly (see lms.periodic).
        register_periodic("events.reminders", reminders_send_task, timedelta(hours=1))

        registry.register_personal_data("trainings", integration.personal_data)
        # What the assistant may answer from (it sits on top; see DESIGN.md).
        registry.register_searchable(searchable.SOURCE)
        registry.register_account_deletion(integration.account_delete)
        registry.register_dashboard_panel(integration.dashboard_panel)
        registry.register_home_panel(home_figures)
        registry.register_deletion_notice(integration.DELETION_NOTICE)
        # Registrations change only through the services (capacity, waiting
        # list, e-mails), so staff may view them in the admin but not edit.
        register_role_permissions(
            STAFF,
            {
                "events.add_trainerprofile",
                "events.change_trainerprofile",
                "events.delete_trainerprofile",
                "events.view_trainerprofile",
                "events.view_registration",
                "events.add_evaluationtemplate",
                "events.change_evaluationtemplate",
                "events.delete_evaluationtemplate",
                "events.view_evaluationtemplate",
                "events.view_chamberexportlog",
            },
        )
