from django.db import models
from django.utils import timezone
from wagtail.models import PageManager, PageQuerySet


class TrainingPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_seat_counts(self):
        """Annotate ``confirmed_count`` and ``waitlisted_count`` in one query."""
        return self.annotate(
            confirmed_count=models.Count(
                "registrations",
                filter=models.Q(registrations__status="confirmed"),
                distinct=True,
            ),
            waitlisted_count=models.Count(
                "registrations",
                filter=models.Q(registrations__status="waitlisted"),
                distinct=True,
            ),
        )


TrainingPageManager = PageManager.from_queryset(TrainingPageQuerySet)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status="cancelled")

    def confirmed(self):
        return self.filter(status="confirmed")

    def waitlisted(self):
        """The waiting list in arrival order."""
        return self.filter(status="waitlisted").order_by("created_at", "pk")

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)
