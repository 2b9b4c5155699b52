"""Read queries: a person's certificates and licence-point totals, staff overview."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import EvaluationSubmission, RegistrationStatus, TrainingPage

from .eligibility import certificate_eligibility, evaluation_required
from .models import Certificate, CertificateStatus


def certificates_for_user(*, user):
    return (
        Certificate.objects.filter(user=user)
        .select_related("training", "registration")
        .order_by(Coalesce("training__start", "issued_at").desc(), "pk")
    )


@dataclass
class PointTotals:
    by_year: list[tuple[int, int]] = field(default_factory=list)
    period_years: int = 7
    period_start: int = 0
    period_total: int = 0


def licence_point_totals(certificates, *, today=None) -> PointTotals:
    """Valid points per calendar year and over the licence period (a setting)."""
    years = settings.CERTIFICATES_LICENCE_PERIOD_YEARS
    this_year = (today or timezone.localdate()).year
    per_year: dict[int, int] = defaultdict(int)
    for c in certificates:
        if c.status == CertificateStatus.VALID and c.points:
            per_year[timezone.localtime(c.training.start).year] += c.points
    start = this_year - years + 1
    return PointTotals(
        by_year=sorted(per_year.items(), reverse=True),
        period_years=years,
        period_start=start,
        period_total=sum(p for y, p in per_year.items() if start <= y <= this_year),
    )


def certificates_with_access(certificates) -> list[tuple[Certificate, bool]]:
    """Each certificate and whether it may be downloaded (evaluation gate)."""
    submitted = set(
        EvaluationSubmission.objects.filter(
            registration_id__in=[c.registration_id for c in certificates]
        ).values_list("registration_id", flat=True)
    )
    required: dict[int, bool] = {}
    result = []
    for c in certificates:
        if c.is_completion:  # a course: no evaluation to wait for
            result.append((c, c.is_valid))
            continue
        if c.training_id not in required:
            required[c.training_id] = evaluation_required(training=c.training)
        allowed = c.is_valid and (
            not required[c.training_id] or c.registration_id in submitted
        )
        result.append((c, allowed))
    return result


@dataclass
class StaffRow:
    registration: object
    eligible: bool
    certificate: Certificate | None
    evaluated: bool


def training_certificate_rows(*, training: TrainingPage) -> list[StaffRow]:
    """Everyone checked in: eligible?, certificate, evaluation, download."""
    registrations = list(
        training.registrations.checked_in()
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user__profile", "training", "certificate")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    submitted = set(
        EvaluationSubmission.objects.filter(training=training).values_list(
            "registration_id", flat=True
        )
    )
    return [
        StaffRow(
            registration=r,
            eligible=certificate_eligibility(registration=r).eligible,
            certificate=getattr(r, "certificate", None),
            evaluated=r.pk in submitted,
        )
        for r in registrations
    ]
