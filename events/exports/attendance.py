"""The attendance list the Chamber receives: who attended, with licence points."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from events.exports.hooks import extra_columns
from events.models import ParticipationForm, Registration, TrainingPage
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


def _row(registration: Registration, training: TrainingPage) -> AttendanceRow:
    user = registration.user
    profile = getattr(user, "profile", None) if user else None
    form = registration.participation_form
    if profile is None:  # anonymised after the account was deleted
        snapshot = registration.anonymised_profile
        return AttendanceRow(
            last_name=_("(anonymised)"),
            first_name="",
            licence_number="",
            institution=snapshot.get("institution", ""),
            system=snapshot.get("system") or "",
            municipality=snapshot.get("municipality", ""),
            participation_form=str(ParticipationForm(form).label),
            points=None,
            checked_in_at=registration.checked_in_at,
            gender=snapshot.get("gender", ""),
            system_key=snapshot.get("system") or "",
            registration_id=registration.pk,
        )
    licence = profile.licence_number
    return AttendanceRow(
        last_name=user.last_name,
        first_name=user.first_name,
        licence_number=licence,
        institution=str(profile.institution or ""),
        system=str(profile.system or ""),
        municipality=str(profile.municipality.name if profile.municipality else ""),
        participation_form=str(ParticipationForm(form).label),
        points=training.points_for(form) if licence else None,
        checked_in_at=registration.checked_in_at,
        gender=profile.gender,
        system_key=profile.system.key if profile.system else "",
        registration_id=registration.pk,
    )


def attendance_rows(*, training: TrainingPage) -> list[AttendanceRow]:
    """Everyone checked in who consented, by last name (one query).

    People added by staff, imported or walking in who have not given both
    consents themselves are left out until they do.
    """
    registrations = (
        training.registrations.checked_in()
        .consented()
        .exclude(status="cancelled")
        .select_related(
            "user__profile__institution",
            "user__profile__system",
            "user__profile__municipality",
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    rows = [_row(r, training) for r in registrations]
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
