from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import TrainingPage


@receiver(page_published, sender=TrainingPage)
def training_published(sender, instance, **kwargs):
    """A published change of date, venue or status is announced to registrants."""
    if getattr(instance, "_calendar_changed", False):
        from events.services import training_change_announce

        instance._calendar_changed = False
        training_change_announce(training=instance)
