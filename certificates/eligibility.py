"""Who gets a certificate, with how many points, and when they may download it."""

from dataclasses import dataclass

from events.evaluations.services import evaluation_submitted
from events.models import Registration, RegistrationStatus, TrainingPage, TrainingStatus

from .models import Certificate, CertificateKind, TrainingCertificatePolicy


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    kind: str = ""
    points: int = 0


NOT_ELIGIBLE = Eligibility(eligible=False)


def training_is_accredited(training: TrainingPage) -> bool:
    return bool(training.accreditation_number)


def certificate_eligibility(*, registration: Registration) -> Eligibility:
    """Attendance when checked in to a held training; points when also accredited
    and the person has a licence number (points from the participation form)."""
    training = registration.training
    if (
        registration.status != RegistrationStatus.CONFIRMED
        or registration.checked_in_at is None
        or registration.user_id is None
        or training.status != TrainingStatus.HELD
    ):
        return NOT_ELIGIBLE
    profile = getattr(registration.user, "profile", None)
    licence = profile.licence_number if profile else ""
    if training_is_accredited(training) and licence:
        return Eligibility(
            eligible=True,
            kind=CertificateKind.LICENCE,
            points=training.points_for(registration.participation_form),
        )
    return Eligibility(eligible=True, kind=CertificateKind.ATTENDANCE)


def evaluation_required(*, training: TrainingPage) -> bool:
    """The per-training setting; empty means "on for accredited trainings"."""
    policy = TrainingCertificatePolicy.objects.filter(training=training).first()
    if policy is None or policy.evaluation_required is None:
        return training_is_accredited(training)
    return policy.evaluation_required


def certificate_download_allowed(*, certificate: Certificate) -> bool:
    if certificate.is_completion:  # a course has no evaluation to wait for
        return certificate.is_valid
    if not certificate.is_valid or certificate.registration_id is None:
        return False
    if not evaluation_required(training=certificate.training):
        return True
    return evaluation_submitted(registration=certificate.registration)
