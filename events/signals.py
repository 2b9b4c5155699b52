from allauth.account.signals import email_confirmed, password_reset
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import NOTICE_FIELDS, Registration, TrainingPage
from lms.models import Profile
from lms.pagecache import pages_changed


@receiver(pre_save, sender=TrainingPage)
def training_live_values_keep(sender, instance, update_fields=None, **kwargs):
    """Keep the live values a full save is about to replace, for the notice.

    Publishing saves the whole page; the first full save since the last
    announcement holds what registrants were last told.
    """
    if instance.pk is None or update_fields is not None:
        return
    if hasattr(instance, "_live_before_publish"):
        return
    instance._live_before_publish = (
        TrainingPage.objects.filter(pk=instance.pk)
        .values(*NOTICE_FIELDS, "status")
        .first()
    )


@receiver(page_published, sender=TrainingPage)
def training_published(sender, instance, **kwargs):
    """A published change of date, time, venue or a cancellation is announced."""
    before = instance.__dict__.pop("_live_before_publish", None)
    if before:
        from events.services import training_change_announce

        training_change_announce(training=instance, before=before)


@receiver(post_save, sender=Registration, dispatch_uid="registration_saved_pagecache")
@receiver(
    post_delete, sender=Registration, dispatch_uid="registration_deleted_pagecache"
)
def registration_changed(sender, instance, raw=False, **kwargs):
    """Seats left on the calendar and training pages: cached copies go at commit."""
    if not raw:
        pages_changed()


@receiver(post_save, sender=Profile, dispatch_uid="profile_saved_paper_claim")
def profile_saved_paper_claim(sender, instance, raw=False, **kwargs):
    """A licence number recorded in a profile claims the paper records with it."""
    if raw or not instance.licence_number:
        return
    from events.imports.claims import paper_records_claim

    paper_records_claim(user=instance.user)


@receiver(email_confirmed, dispatch_uid="email_confirmed_paper_claim")
def email_confirmed_paper_claim(sender, request, email_address, **kwargs):
    """A confirmed address claims the paper records of its licence number."""
    from events.imports.claims import paper_records_claim

    paper_records_claim(user=email_address.user)


@receiver(password_reset, dispatch_uid="password_reset_paper_claim")
def password_reset_paper_claim(sender, request, user, **kwargs):
    """Taking over an imported account (through its address) claims, too."""
    from events.imports.claims import paper_records_claim

    paper_records_claim(user=user)
