from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import PageManager, PageQuerySet

from .choices import RegistrationStatus


class TrainingPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_seat_counts(self):
        """Annotate ``confirmed_count`` and ``waitlisted_count``.

        Correlated subqueries rather than a join: the database counts only for
        the rows it returns (a page of the calendar), not for every training.
        """
        return self.annotate(
            confirmed_count=_registrations_counted(RegistrationStatus.CONFIRMED),
            waitlisted_count=_registrations_counted(RegistrationStatus.WAITLISTED),
        )


def _registrations_counted(status: str):
    from .registrations import Registration

    counted = (
        Registration.objects.filter(training=models.OuterRef("pk"), status=status)
        .order_by()
        .values("training")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted), 0, output_field=models.IntegerField())


TrainingPageManager = PageManager.from_queryset(TrainingPageQuerySet)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self):
        """The waiting list in arrival order."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by(
            "created_at", "pk"
        )

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)

    def consented(self):
        """Both consents given by the person: they may reach the Chamber."""
        return self.filter(consent_data=True, consent_chamber=True)

    def not_consented(self):
        return self.exclude(consent_data=True, consent_chamber=True)
