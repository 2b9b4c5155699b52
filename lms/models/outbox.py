from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A copy of an e-mail sent by the embedded default, for the outbox page.

    Only written when ``OUTBOX_ENABLED`` is on (never in production), so a
    person trying the demo can open the verification link without a mail server.
    """

    to = models.TextField(_("to"))
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject
