from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmailStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")
    CANCELLED = "cancelled", _("no longer needed")


class OutboundEmail(models.Model):
    """One transactional e-mail to send, written with the change that causes it.

    The queue of real e-mail (production included), unlike the development
    ``OutboxMessage`` which only keeps copies for the demo's outbox page. See
    ``lms/email_outbox.py`` for how rows are claimed, sent and retried.
    """

    kind = models.CharField(_("kind"), max_length=60, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=9,
        choices=OutboundEmailStatus.choices,
        default=OutboundEmailStatus.PENDING,
    )
    from_email = models.CharField(_("from"), max_length=320, blank=True)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    body = models.TextField(_("text"), blank=True)
    content_subtype = models.CharField(_("text type"), max_length=20, default="plain")
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Built when sent (see ``email_enqueue_deferred``): the dotted path of a
    # function returning the message (or None), its arguments, the language.
    builder = models.CharField(_("built by"), max_length=200, blank=True)
    builder_args = models.JSONField(_("built from"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=15, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="outbound_email_due_idx"
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> str:
        return ", ".join(self.to)
