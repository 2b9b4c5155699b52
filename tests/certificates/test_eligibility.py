from certificates.eligibility import (
    certificate_download_allowed,
    certificate_eligibility,
)
from certificates.models import CertificateKind, TrainingCertificatePolicy
from certificates.services import certificate_issue
from events.models import EvaluationSubmission


def test_checked_in_licensed_gets_points_by_form(held_training, attend, licensed):
    registration = attend(held_training, licensed, form="active")
    result = certificate_eligibility(registration=registration)
    assert result.eligible
    assert result.kind == CertificateKind.LICENCE
    assert result.points == 6


def test_not_checked_in_gets_nothing(held_training, attend, licensed):
    registration = attend(held_training, licensed, checked_in=False)
    assert not certificate_eligibility(registration=registration).eligible
    assert certificate_issue(registration=registration) is None


def test_training_not_held_gets_nothing(make_training, attend, licensed):
    training = make_training(days=-1, accreditation_number="153/1")
    registration = attend(training, licensed)
    assert not certificate_eligibility(registration=registration).eligible


def test_no_licence_number_means_attendance_only(held_training, attend, participant):
    registration = attend(held_training, participant, form="active")
    result = certificate_eligibility(registration=registration)
    assert result.kind == CertificateKind.ATTENDANCE
    assert result.points == 0
    certificate = certificate_issue(registration=registration)
    assert certificate.points == 0 and certificate.licence_number == ""


def test_unaccredited_training_means_attendance_only(make_training, attend, licensed):
    training = make_training(days=-1, status="held")
    registration = attend(training, licensed)
    assert certificate_eligibility(registration=registration).kind == "attendance"


def test_evaluation_gate_on_for_accredited(held_training, attend, licensed):
    registration = attend(held_training, licensed)
    certificate = certificate_issue(registration=registration)
    assert not certificate_download_allowed(certificate=certificate)
    EvaluationSubmission.objects.create(
        training=held_training, registration=registration
    )
    assert certificate_download_allowed(certificate=certificate)


def test_evaluation_gate_can_be_switched_off(held_training, attend, licensed):
    TrainingCertificatePolicy.objects.create(
        training=held_training, evaluation_required=False
    )
    certificate = certificate_issue(registration=attend(held_training, licensed))
    assert certificate_download_allowed(certificate=certificate)


def test_evaluation_gate_off_by_default_when_not_accredited(
    make_training, attend, participant
):
    training = make_training(days=-1, status="held")
    certificate = certificate_issue(registration=attend(training, participant))
    assert certificate_download_allowed(certificate=certificate)
