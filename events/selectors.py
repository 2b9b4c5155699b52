"""Read queries shared by views, feeds and the dashboard."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from events.models import (
    Registration,
    RegistrationStatus,
    TrainingPage,
    TrainingStatus,
)
from lms.text import search_key


@dataclass
class CalendarFilters:
    district: int | None = None
    municipality: int | None = None
    system: int | None = None
    month: datetime.date | None = None
    query: str = ""
    past: bool = False


def trainings_live() -> QuerySet[TrainingPage]:
    return (
        TrainingPage.objects.live()
        .public()
        .select_related("municipality__district")
        .with_seat_counts()
    )


def training_calendar(filters: CalendarFilters) -> QuerySet[TrainingPage]:
    """Trainings for the calendar list, filtered, with their seat counts."""
    trainings = trainings_live()
    if filters.month:
        trainings = trainings_in_month(trainings, filters.month)
    elif filters.past:
        trainings = trainings.past()
    else:
        trainings = trainings.upcoming()
    if filters.district:
        trainings = trainings.filter(municipality__district_id=filters.district)
    if filters.municipality:
        trainings = trainings.filter(municipality_id=filters.municipality)
    if filters.system:
        trainings = trainings.filter(target_systems=filters.system)
    if filters.query:
        key = search_key(filters.query)
        trainings = trainings.filter(
            Q(title__icontains=filters.query)
            | Q(venue_name__icontains=filters.query)
            | Q(municipality__search_key__contains=key)
            | Q(municipality__district__name__icontains=filters.query)
        )
    return trainings


def trainings_in_month(trainings, month: datetime.date) -> QuerySet[TrainingPage]:
    tz = timezone.get_current_timezone()
    first = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return trainings.filter(start__lt=following, end__gte=first).order_by("start")


def registrations_for_user(*, user, upcoming: bool | None = None) -> QuerySet:
    """A person's active registrations with their waiting-list position."""
    ahead = (
        Registration.objects.filter(
            training=OuterRef("training"),
            status=RegistrationStatus.WAITLISTED,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by()
        .values("training")
        .annotate(n=Count("pk"))
        .values("n")
    )
    registrations = (
        Registration.objects.filter(user=user)
        .active()
        .select_related("training__municipality__district")
        .annotate(waitlist_position=Subquery(ahead))
        .order_by("training__start")
    )
    now = timezone.now()
    if upcoming is True:
        registrations = registrations.filter(training__end__gte=now)
    elif upcoming is False:
        registrations = registrations.filter(training__end__lt=now)
    return registrations


def waitlist_position(registration: Registration) -> int | None:
    if not registration.is_waitlisted:
        return None
    ahead = registration.training.registrations.waitlisted().filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def trainings_for_trainer(user) -> QuerySet[TrainingPage]:
    """Trainings a person may run: all for staff, their own for trainers."""
    trainings = TrainingPage.objects.all()
    if user.has_perm("lms.view_all_data"):
        return trainings
    return trainings.filter(
        Q(lecturers__user=user) | Q(moderator__user=user)
    ).distinct()


def user_runs_training(user, training: TrainingPage) -> bool:
    if not user.has_perm("lms.run_trainings"):
        return False
    if user.has_perm("lms.view_all_data"):
        return True
    own = Q(lecturers__user=user) | Q(moderator__user=user)
    return TrainingPage.objects.filter(own, pk=training.pk).exists()


def districts_overview(now=None) -> QuerySet:
    """Every district with its held and upcoming trainings (one query)."""
    from lms.models import District

    now = now or timezone.now()
    live = Q(municipalities__trainings__live=True) & ~Q(
        municipalities__trainings__status=TrainingStatus.CANCELLED
    )
    return District.objects.annotate(
        held=Count(
            "municipalities__trainings",
            filter=live & Q(municipalities__trainings__end__lt=now),
            distinct=True,
        ),
        upcoming=Count(
            "municipalities__trainings",
            filter=live & Q(municipalities__trainings__end__gte=now),
            distinct=True,
        ),
    ).order_by("sort_order", "name")
