"""Audit of account deletions: that an account went, when, how and by whom."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountDeletionVia(models.TextChoices):
    SELF = "self", _("by the person")
    STAFF = "staff", _("by staff")
    OTHER = "other", _("in the admin or by a script")


class AccountDeletion(models.Model):
    """One deleted account; nothing that names the person is kept.

    The former account number ties the deletion to the server's logs, not to a
    person: the registrations kept after a deletion no longer carry it.
    """

    account_id = models.PositiveBigIntegerField(_("former account number"))
    via = models.CharField(
        _("how it was deleted"), max_length=8, choices=AccountDeletionVia.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        ordering = ["-deleted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.account_id} {self.get_via_display()} {self.deleted_at:%Y-%m-%d}"
