"""Statistics of a series of trainings, as the series report tables them.

A fixed number of queries whatever the number of trainings and participants:
everything is counted by the database, grouped by training, system or place.
Participants are the people checked in (attendance), not the registrations.
Who they were (system, institution, place, gender, licence) comes from the
attendance record written at check-in, never from the live profile, so past
figures do not move when a profile changes or an account is deleted.
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from events.evaluations.results import rating_round
from events.models import (
    RATED_FIELDS,
    Attendance,
    EvaluationResponse,
    Registration,
    RegistrationStatus,
    TrainingPage,
    TrainingStatus,
)
from lms.models import District, MunicipalityKind, System


@dataclass
class TrainingRow:
    id: int
    title: str
    date: datetime.date
    city: str
    district: str
    registrations: int = 0
    participants: int = 0
    women: int = 0
    men: int = 0
    licence_point_recipients: int = 0
    answers: int = 0
    average_rating: Decimal | None = None


@dataclass
class DistrictRow:
    name: str
    units_present: int
    units_total: int
    places: list[str] = field(default_factory=list)


@dataclass
class SeriesStats:
    start: datetime.date
    end: datetime.date
    trainings: list[TrainingRow]
    systems: list[tuple[str, str, int]]  # key, name, participants
    districts: list[DistrictRow]
    institutions: int
    municipalities: int
    answers: int
    average_rating: Decimal | None

    def _sum(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.trainings)

    @property
    def participants(self) -> int:
        return self._sum("participants")

    @property
    def women(self) -> int:
        return self._sum("women")

    @property
    def men(self) -> int:
        return self._sum("men")

    @property
    def registrations(self) -> int:
        return self._sum("registrations")

    @property
    def licence_point_recipients(self) -> int:
        return self._sum("licence_point_recipients")

    def share(self, count: int) -> Decimal | None:
        if not self.participants:
            return None
        return Decimal(100 * count / self.participants).quantize(Decimal("0.1"))

    @property
    def women_share(self):
        return self.share(self.women)

    @property
    def men_share(self):
        return self.share(self.men)

    @property
    def attendance_ratio(self) -> Decimal | None:
        """Participants per registration, in per cent."""
        if not self.registrations:
            return None
        ratio = 100 * self.participants / self.registrations
        return Decimal(ratio).quantize(Decimal("0.1"))

    @property
    def districts_covered(self) -> int:
        return sum(1 for d in self.districts if d.units_present)

    def as_json(self) -> dict:
        """The figures of ``series_stats --json``."""

        def rating(value):
            return float(value) if value is not None else None

        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "trainings": len(self.trainings),
            "participants": self.participants,
            "women": self.women,
            "men": self.men,
            "licence_point_recipients": self.licence_point_recipients,
            "average_rating": rating(self.average_rating),
            "answers": self.answers,
            "registrations": self.registrations,
            "institutions": self.institutions,
            "municipalities": self.municipalities,
            "districts": [asdict(d) for d in self.districts if d.units_present],
            "participants_by_system": {key: n for key, _name, n in self.systems},
            "participants_by_training": [
                {
                    "date": row.date.isoformat(),
                    "city": row.city,
                    "participants": row.participants,
                    "women": row.women,
                    "men": row.men,
                    "average_rating": rating(row.average_rating),
                }
                for row in self.trainings
            ],
        }


def series_trainings(*, start: datetime.date, end: datetime.date) -> QuerySet:
    """Trainings held from ``start`` to ``end`` (inclusive), not cancelled."""
    tz = timezone.get_current_timezone()
    after = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    before = datetime.datetime.combine(end, datetime.time.max, tzinfo=tz)
    return (
        TrainingPage.objects.filter(start__gte=after, start__lte=before)
        .filter(end__lt=timezone.now())
        .exclude(status=TrainingStatus.CANCELLED)
        .order_by("start", "pk")
    )


def _attendance(trainings: QuerySet) -> QuerySet:
    return Registration.objects.filter(training__in=trainings).exclude(
        status=RegistrationStatus.CANCELLED
    )


def _training_rows(trainings: QuerySet) -> list[TrainingRow]:
    rows = {
        t.pk: TrainingRow(
            id=t.pk,
            title=t.title,
            date=timezone.localtime(t.start).date(),
            city=t.municipality.name if t.municipality else "",
            district=t.municipality.district.name if t.municipality else "",
        )
        for t in trainings.select_related("municipality__district")
    }
    present = Q(checked_in_at__isnull=False)
    counts = (
        _attendance(trainings)
        .values("training")
        .annotate(
            registrations=Count("pk"),
            participants=Count("pk", filter=present),
            women=Count("pk", filter=present & Q(attendance__gender="female")),
            men=Count("pk", filter=present & Q(attendance__gender="male")),
            licence_point_recipients=Count(
                "pk",
                filter=present
                & ~Q(training__accreditation_number="")
                & Q(attendance__has_licence=True),
            ),
        )
        .order_by()
    )
    for row in counts:
        target = rows[row.pop("training")]
        for name, value in row.items():
            setattr(target, name, value)
    ratings = (
        EvaluationResponse.objects.filter(training__in=trainings)
        .values("training")
        .annotate(answers=Count("id"), total=_ratings_total())
        .order_by()
    )
    for row in ratings:
        target = rows[row["training"]]
        target.answers = row["answers"]
        target.average_rating = _average(row["total"], row["answers"])
    return list(rows.values())


def _ratings_total():
    return Sum(sum((F(f) for f in RATED_FIELDS[1:]), F(RATED_FIELDS[0])))


def _average(total: int | None, answers: int) -> Decimal | None:
    if not answers or total is None:
        return None
    return rating_round(total / (answers * len(RATED_FIELDS)))


def _systems(trainings: QuerySet) -> list[tuple[str, str, int]]:
    counts = dict(
        _attendance(trainings)
        .filter(checked_in_at__isnull=False)
        .values("attendance__system__key")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("attendance__system__key", "n")
    )
    systems = [(s.key, s.name, counts.pop(s.key, 0)) for s in System.objects.all()]
    unknown = sum(counts.values())
    if unknown:
        systems.append(("", "—", unknown))
    return systems


def _places(trainings: QuerySet) -> tuple[list[DistrictRow], int, int]:
    present = Attendance.objects.filter(
        registration__in=_attendance(trainings).filter(checked_in_at__isnull=False)
    )
    places = list(
        present.filter(municipality__isnull=False)
        .values(
            "municipality",
            "municipality__name",
            "municipality__kind",
            "municipality__parent__name",
            "municipality__district__name",
        )
        .distinct()
        .order_by()
    )
    # By the name recorded: a later merge of institutions does not rewrite it.
    institutions = (
        present.exclude(institution_name="")
        .values("institution_name")
        .distinct()
        .count()
    )
    units: dict[str, set[str]] = {}
    for place in places:
        unit = place["municipality__name"]
        if place["municipality__kind"] not in (
            MunicipalityKind.CITY,
            MunicipalityKind.MUNICIPALITY,
        ):
            unit = place["municipality__parent__name"] or unit
        units.setdefault(place["municipality__district__name"], set()).add(unit)
    districts = [
        DistrictRow(
            name=d.name,
            units_present=len(units.get(d.name, ())),
            units_total=d.units_total,
            places=sorted(units.get(d.name, ())),
        )
        for d in District.objects.annotate(
            units_total=Count(
                "municipalities",
                filter=Q(
                    municipalities__kind__in=[
                        MunicipalityKind.CITY,
                        MunicipalityKind.MUNICIPALITY,
                    ]
                ),
            )
        )
    ]
    return districts, len(places), institutions


def series_stats(*, start: datetime.date, end: datetime.date) -> SeriesStats:
    """Every figure of the series report for trainings held in the period."""
    trainings = series_trainings(start=start, end=end)
    rows = _training_rows(trainings)
    districts, municipalities, institutions = _places(trainings)
    totals = EvaluationResponse.objects.filter(training__in=trainings).aggregate(
        answers=Count("id"), total=_ratings_total()
    )
    return SeriesStats(
        start=start,
        end=end,
        trainings=rows,
        systems=_systems(trainings),
        districts=districts,
        institutions=institutions,
        municipalities=municipalities,
        answers=totals["answers"],
        average_rating=_average(totals["total"], totals["answers"]),
    )


def series_stats_for_year(*, year: int) -> SeriesStats:
    return series_stats(
        start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
    )
