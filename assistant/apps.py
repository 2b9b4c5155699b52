from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "assistant"
    verbose_name = _("Ask the handbook")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import registry
        from lms.periodic import register_periodic
        from lms.roles import STAFF, register_role_permissions

        from . import signals, sources  # noqa: F401
        from .tasks import unanswered_purge_task

        registry.register_searchable(sources.FAQ_SOURCE)
        signals.connect_sources()
        register_periodic(
            "assistant.unanswered_purge", unanswered_purge_task, timedelta(days=1)
        )
        register_role_permissions(
            STAFF,
            {
                f"assistant.{action}_{model}"
                for action in ("add", "change", "delete", "view")
                for model in ("faqentry", "synonym")
            }
            | {
                "assistant.view_unansweredquestion",
                "assistant.delete_unansweredquestion",
            },
        )
