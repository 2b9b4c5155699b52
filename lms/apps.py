from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from . import pagecache, signals
        from .periodic import register_periodic
        from .roles import STAFF, register_role_permissions
        from .tasks import email_outbox_send_task, tasks_recover_task

        m2m_changed.connect(
            signals.group_names_forget, sender=get_user_model().groups.through
        )
        # Sweeps behind the fast paths: e-mails whose sender task was lost or
        # whose retry is due, tasks whose worker died (workers also do both).
        register_periodic(
            "lms.email_outbox", email_outbox_send_task, timedelta(minutes=5)
        )
        register_periodic("lms.tasks_recover", tasks_recover_task, timedelta(minutes=5))
        # Staff see the outgoing e-mails and why one failed; nobody edits them.
        register_role_permissions(STAFF, {"lms.view_outboundemail"})

        pagecache.connect_signals()
