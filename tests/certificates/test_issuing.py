import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import (
    BatchStatus,
    Certificate,
    CertificateBatch,
    CertificateEvent,
    CertificateVersion,
)
from certificates.services import (
    CertificateError,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificates_issue_batch,
    certificates_issue_late,
    certificates_issue_pending,
)
from tests.conftest import PASSWORD


@pytest.fixture
def crowd(make_user):
    def make(n, start=0):
        return [
            make_user(
                email=f"p{i}@example.org",
                first_name=f"Особа{i}",
                licence_number=f"{10000 + i}",
            )
            for i in range(start, start + n)
        ]

    return make


@pytest.mark.django_db(transaction=True)
def test_batch_issues_everyone_eligible_with_progress_and_mail(
    held_training, attend, crowd, staff_user, participant
):
    for user in crowd(4):
        attend(held_training, user, form="active")
    attend(held_training, participant, checked_in=False)
    batch = certificates_issue_batch(training=held_training, actor=staff_user)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.done, batch.total, batch.percent) == (4, 4, 100)
    assert Certificate.objects.filter(training=held_training).count() == 4
    assert set(Certificate.objects.values_list("points", flat=True)) == {6}
    assert (
        CertificateEvent.objects.filter(action="issued", actor=staff_user).count() == 4
    )
    assert len(mail.outbox) == 4
    assert reverse("certificates:mine") in mail.outbox[0].body


def test_batch_is_idempotent(held_training, attend, crowd):
    for user in crowd(3):
        attend(held_training, user)
    assert certificates_issue_pending(training=held_training) == 3
    assert certificates_issue_pending(training=held_training) == 0
    assert Certificate.objects.count() == 3


def test_one_certificate_per_registration(held_training, attend, licensed):
    registration = attend(held_training, licensed)
    first = certificate_issue(registration=registration)
    assert certificate_issue(registration=registration) == first
    with pytest.raises(IntegrityError):
        Certificate.objects.create(
            registration=registration,
            training=held_training,
            kind="attendance",
            holder_name="x",
            participation_form="passive",
        )


def test_late_eligibility_after_batch(held_training, attend, crowd):
    people = crowd(3)
    attend(held_training, people[0])
    late = attend(held_training, people[1], checked_in=False)
    batch = CertificateBatch.objects.create(training=held_training)
    certificates_issue_pending(training=held_training, batch=batch)
    assert Certificate.objects.count() == 1
    late.checked_in_at = held_training.end  # attendance corrected by staff
    late.save()
    assert certificates_issue_late() == 1
    assert Certificate.objects.filter(registration=late).exists()


def test_progress_endpoint(client, held_training, staff_user):
    batch = CertificateBatch.objects.create(training=held_training, total=10, done=4)
    client.login(email=staff_user.email, password=PASSWORD)
    data = client.get(reverse("certificates:batch_progress", args=[batch.pk])).json()
    assert data == {"status": "queued", "done": 4, "total": 10, "percent": 40}


def _queries(training):
    with CaptureQueriesContext(connection) as ctx:
        certificates_issue_pending(training=training)
    return len(ctx.captured_queries)


def test_batch_queries_are_constant_per_certificate(
    make_training, attend, crowd, django_assert_max_num_queries, monkeypatch
):
    # Queries are constant per chunk; both trainings fit in one chunk here.
    monkeypatch.setattr("certificates.services.BATCH_CHUNK", 20)
    small = make_training(days=-2, status="held", accreditation_number="1")
    large = make_training(days=-3, status="held", accreditation_number="2")
    for user in crowd(3):
        attend(small, user)
    for user in crowd(12, start=3):
        attend(large, user)
    few = _queries(small)
    # Bulk inserts, e-mails queued in bulk: 12 people cost what 3 do.
    with django_assert_max_num_queries(few):
        certificates_issue_pending(training=large)


def test_reissue_keeps_history(held_training, attend, licensed, staff_user):
    registration = attend(held_training, licensed, form="passive")
    certificate = certificate_issue(registration=registration)
    registration.participation_form = "active"
    registration.save()
    certificate = certificate_reissue(
        certificate=certificate, actor=staff_user, reason="ispravka"
    )
    assert certificate.version == 2 and certificate.points == 6
    assert certificate.pdf.read().startswith(b"%PDF")
    old = CertificateVersion.objects.get(certificate=certificate)
    assert (old.number, old.points) == (1, 3)
    assert list(certificate.events.values_list("action", flat=True)) == [
        "issued",
        "reissued",
    ]


def test_revoke_needs_reason(held_training, attend, licensed, staff_user):
    certificate = certificate_issue(registration=attend(held_training, licensed))
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, actor=staff_user, reason="  ")
    certificate = certificate_revoke(
        certificate=certificate, actor=staff_user, reason="није присуствовала"
    )
    assert certificate.status == "revoked"
    event = certificate.events.get(action="revoked")
    assert event.actor == staff_user and event.reason == "није присуствовала"


@pytest.mark.django_db(transaction=True)
def test_batch_progress_is_committed_chunk_by_chunk(
    held_training, attend, crowd, staff_user, monkeypatch
):
    from certificates import services

    for user in crowd(25):
        attend(held_training, user)
    seen = []
    chunk = services._issue_chunk

    def watched(**kwargs):
        issued = chunk(**kwargs)
        # Another connection's view: what a person reloading the page sees.
        assert not connection.in_atomic_block
        batch = CertificateBatch.objects.get(pk=kwargs["batch_id"])
        seen.append((batch.done, batch.total, batch.percent, batch.status))
        return issued

    monkeypatch.setattr(services, "_issue_chunk", watched)
    batch = certificates_issue_batch(training=held_training, actor=staff_user)
    assert seen == [
        (10, 25, 40, "running"),
        (20, 25, 80, "running"),
        (25, 25, 100, "running"),
    ]
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.percent) == ("done", 25, 100)
    assert len(mail.outbox) == 25


def test_a_resumed_batch_issues_only_what_is_missing(held_training, attend, crowd):
    people = crowd(15)
    registrations = [attend(held_training, user) for user in people]
    batch = CertificateBatch.objects.create(
        training=held_training, status="running", total=15, done=10
    )
    for registration in registrations[:10]:  # committed before the worker died
        certificate_issue(registration=registration, notify=False)

    assert certificates_issue_pending(training=held_training, batch=batch) == 5
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == ("done", 15, 15)
    assert Certificate.objects.count() == 15
    assert Certificate.objects.filter(registration__in=registrations).count() == 15
