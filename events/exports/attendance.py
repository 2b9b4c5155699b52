"""The attendance list the Chamber receives: who attended, with licence points."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.attendance import attendance_build
from events.exports.hooks import extra_columns
from events.models import (
    Attendance,
    ParticipationForm,
    Registration,
    RegistrationStatus,
    TrainingPage,
)
from lms.models import Gender


@dataclass
class AttendanceRow:
    last_name: str
    first_name: str
    licence_number: str
    institution: str
    system: str
    municipality: str
    participation_form: str
    points: int | None
    checked_in_at: datetime | None
    gender: str = ""
    system_key: str = ""
    registration_id: int | None = None
    # Columns added by higher apps (certificate code and points), see hooks.
    extra: list = field(default_factory=list)

    def values(self) -> list:
        checked_in = (
            timezone.localtime(self.checked_in_at).replace(tzinfo=None)
            if self.checked_in_at
            else None
        )
        return [
            self.last_name,
            self.first_name,
            self.licence_number,
            self.institution,
            self.system,
            self.municipality,
            self.participation_form,
            self.points,
            checked_in,
            *self.extra,
        ]


def attendance_headers(training: TrainingPage | None = None) -> list[str]:
    extra = extra_columns(training, [])[0] if training is not None else []
    return [
        _("Last name"),
        _("First name"),
        _("Licence number"),
        _("Institution"),
        _("System"),
        _("Municipality"),
        _("Participation form"),
        _("Licence points"),
        _("Checked in at"),
        *extra,
    ]


def _record(registration: Registration) -> Attendance:
    """The attendance record; one made now for a check-in that has none.

    Every check-in through the services has its record; a row checked in by
    hand in the database has not, and is shown from the profile as it is.
    """
    try:
        return registration.attendance
    except Attendance.DoesNotExist:
        user = registration.user
        return attendance_build(
            registration=registration,
            profile=getattr(user, "profile", None) if user else None,
        )


def _row(registration: Registration) -> AttendanceRow:
    """One person as they counted: names while the account exists, the rest
    from the record fixed at check-in (and at issuing for the points).

    After the account is deleted the row stays, with its points, marked
    "(account deleted)" and without the licence number, so the counts and the
    points totals of a package sent before are what a new export shows.
    """
    user = registration.user
    record = _record(registration)
    system = record.system
    return AttendanceRow(
        last_name=user.last_name if user else _("(account deleted)"),
        first_name=user.first_name if user else "",
        licence_number=record.licence_number,
        institution=record.institution_name,
        system=system.name if system else "",
        municipality=record.municipality.name if record.municipality else "",
        participation_form=str(ParticipationForm(record.participation_form).label),
        points=record.points,
        checked_in_at=registration.checked_in_at,
        gender=record.gender,
        system_key=system.key if system else "",
        registration_id=registration.pk,
    )


def attendance_rows(*, training: TrainingPage) -> list[AttendanceRow]:
    """Everyone checked in who consented, by last name; deleted accounts last.

    People added by staff, imported or walking in who have not given both
    consents themselves are left out until they do. One query.
    """
    registrations = (
        training.registrations.checked_in()
        .consented()
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user", "attendance__system", "attendance__municipality")
        .order_by(F("user__last_name").asc(nulls_last=True), "user__first_name", "pk")
    )
    rows = [_row(r) for r in registrations]
    _, extra = extra_columns(training, [row.registration_id for row in rows])
    for row in rows:
        row.extra = extra[row.registration_id]
    return rows


@dataclass
class AttendanceCounts:
    total: int
    by_gender: list[tuple[str, int]] = field(default_factory=list)
    by_system: list[tuple[str, int]] = field(default_factory=list)
    licence_points: int = 0


def attendance_counts(rows: list[AttendanceRow]) -> AttendanceCounts:
    genders = Counter(row.gender for row in rows)
    systems = Counter(row.system or _("not stated") for row in rows)
    labels = dict(Gender.choices)
    return AttendanceCounts(
        total=len(rows),
        by_gender=[
            (str(labels.get(key) or _("not stated")), n)
            for key, n in genders.most_common()
        ],
        by_system=systems.most_common(),
        licence_points=sum(1 for row in rows if row.points is not None),
    )
