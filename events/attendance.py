"""Attendance records: written at check-in, fixed at issuing, kept on deletion.

What counted for a training (system, institution, place, gender, licence and
points) is copied from the profile when the person is checked in, in the same
transaction, and read from there by the statistics and the Chamber package.
Issuing the certificate fixes the licence and the points (a person may add a
licence number after the training, before certificates go out). Deleting the
account removes only the licence number: counts and points stay.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from events.models import Attendance, Registration
from lms.models import Profile


def attendance_build(
    *, registration: Registration, profile: Profile | None
) -> Attendance:
    """The record of what counts, from the profile as it is now (not saved)."""
    training = registration.training
    form = registration.participation_form
    licence = profile.licence_number if profile else ""
    accredited = bool(training.accreditation_number)
    institution = profile.institution if profile and profile.institution_id else None
    return Attendance(
        registration=registration,
        gender=profile.gender if profile else "",
        system_id=profile.system_id if profile else None,
        institution_name=institution.name if institution else "",
        municipality_id=profile.municipality_id if profile else None,
        participation_form=form,
        has_licence=bool(licence),
        licence_number=licence,
        points=training.points_for(form) if licence and accredited else None,
    )


def _profile(registration: Registration) -> Profile | None:
    if registration.user_id is None:
        return None
    return (
        Profile.objects.select_related("institution")
        .filter(user_id=registration.user_id)
        .first()
    )


def _profiles(registrations: list[Registration]) -> dict[int, Profile]:
    """The profiles of these people by user id (one query, none if no one)."""
    users = [r.user_id for r in registrations if r.user_id]
    if not users:
        return {}
    found = Profile.objects.select_related("institution").filter(user_id__in=users)
    return {p.user_id: p for p in found}


def attendance_record(*, registration: Registration) -> Attendance:
    """Record what counts for a person just checked in; once per registration.

    Call it inside the check-in's transaction, so a check-in never exists
    without its record.
    """
    existing = Attendance.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    attendance = attendance_build(
        registration=registration, profile=_profile(registration)
    )
    attendance.save()
    return attendance


@dataclass(frozen=True)
class PointsAward:
    """Licence and points as a certificate states them (``points`` None: none)."""

    registration: Registration
    licence_number: str
    points: int | None


def attendances_points_fix(
    *, awards: Iterable[PointsAward], at: datetime | None = None
) -> None:
    """Fix licence and points of many attendances at once (a few queries).

    A check-in made before records existed (or by hand in the database) gets
    its record now, from the profile as it is.
    """
    awards = list(awards)
    if not awards:
        return
    at = at or timezone.now()
    with transaction.atomic():
        records = {
            a.registration_id: a
            for a in Attendance.objects.filter(
                registration_id__in=[award.registration.pk for award in awards]
            )
        }
        profiles = _profiles(
            [a.registration for a in awards if a.registration.pk not in records]
        )
        missing = []
        for award in awards:
            record = records.get(award.registration.pk)
            if record is None:
                record = attendance_build(
                    registration=award.registration,
                    profile=profiles.get(award.registration.user_id),
                )
                missing.append(record)
            record.participation_form = award.registration.participation_form
            record.has_licence = bool(award.licence_number)
            record.licence_number = award.licence_number
            record.points = award.points
            record.points_fixed_at = at
        Attendance.objects.bulk_create(missing)
        Attendance.objects.bulk_update(
            list(records.values()),
            [
                "participation_form",
                "has_licence",
                "licence_number",
                "points",
                "points_fixed_at",
            ],
        )


def attendances_anonymise(*, registrations: QuerySet) -> int:
    """Remove the licence number (identity); keep its presence and the points."""
    return Attendance.objects.filter(registration__in=registrations).update(
        licence_number=""
    )
