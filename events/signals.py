from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import Registration, TrainingPage
from lms.pagecache import pages_changed


@receiver(page_published, sender=TrainingPage)
def training_published(sender, instance, **kwargs):
    """A published change of date, venue or status is announced to registrants."""
    if getattr(instance, "_calendar_changed", False):
        from events.services import training_change_announce

        instance._calendar_changed = False
        training_change_announce(training=instance)


@receiver(post_save, sender=Registration, dispatch_uid="registration_saved_pagecache")
@receiver(
    post_delete, sender=Registration, dispatch_uid="registration_deleted_pagecache"
)
def registration_changed(sender, instance, raw=False, **kwargs):
    """Seats left on the calendar and training pages: cached copies go at commit."""
    if not raw:
        pages_changed()
