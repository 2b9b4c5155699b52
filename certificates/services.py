"""Issuing, reissuing and revoking certificates; every change is audited."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.attendance import PointsAward, attendances_points_fix
from events.models import Registration, RegistrationStatus, TrainingPage
from lms.email_outbox import emails_enqueue
from lms.mail import render_plain_text

from .eligibility import Eligibility, certificate_eligibility
from .models import (
    BatchStatus,
    Certificate,
    CertificateAction,
    CertificateBatch,
    CertificateEvent,
    CertificateKind,
    CertificateStatus,
    CertificateVersion,
)
from .rendering import certificate_pdf_bytes

# Each chunk commits its certificates, their e-mails and the batch's progress
# together: a person watching sees the bar move in steps of ten, and a worker
# killed between chunks loses nothing and repeats nothing.
BATCH_CHUNK = 10


class CertificateError(Exception):
    pass


def _holder(registration: Registration) -> tuple[str, str, str]:
    return _person(registration.user)


def _person(user) -> tuple[str, str, str]:
    """Name, licence number and preferred script of the holder."""
    profile = getattr(user, "profile", None)
    name = f"{user.first_name} {user.last_name}".strip() or user.email
    licence = profile.licence_number if profile else ""
    script = profile.preferred_script if profile else "cyrl"
    return name, licence, script


def _new_certificate(registration: Registration, eligibility: Eligibility):
    name, licence, script = _holder(registration)
    return Certificate(
        registration=registration,
        training=registration.training,
        user=registration.user,
        kind=eligibility.kind,
        holder_name=name,
        licence_number=licence if eligibility.points else "",
        participation_form=registration.participation_form,
        points=eligibility.points,
        script=script,
    )


def _awards(certificates: list[Certificate]) -> list[PointsAward]:
    """Licence and points as certified, for the attendance records."""
    return [
        PointsAward(
            registration=c.registration,
            licence_number=_holder(c.registration)[1],
            points=c.points if c.kind == CertificateKind.LICENCE else None,
        )
        for c in certificates
    ]


def _file_delete_after_commit(name: str) -> None:
    """Delete a private PDF once the change that dropped it has committed.

    A rolled-back revocation or reissue must not lose the file it still uses.
    """
    if name:
        storage = Certificate._meta.get_field("pdf").storage
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def certificate_render(*, certificate: Certificate) -> Certificate:
    """Render and store the PDF (lazily on first download, or on reissue).

    Two first downloads at once may both render: the first to record its file
    wins and the other deletes its own copy, so no orphan stays behind.
    """
    certificate.pdf.save(
        "certificate.pdf", ContentFile(certificate_pdf_bytes(certificate)), save=False
    )
    if certificate.pk:
        rendered = certificate.pdf.name
        recorded = Certificate.objects.filter(pk=certificate.pk, pdf="").update(
            pdf=rendered
        )
        if not recorded:
            certificate.pdf.storage.delete(rendered)
            certificate.pdf.name = (
                Certificate.objects.filter(pk=certificate.pk)
                .values_list("pdf", flat=True)
                .get()
            )
    return certificate


def certificate_issue(
    *, registration: Registration, actor=None, notify: bool = True
) -> Certificate | None:
    """Issue the person's certificate if eligible; idempotent (returns existing)."""
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    eligibility = certificate_eligibility(registration=registration)
    if not eligibility.eligible:
        return None
    with transaction.atomic():
        certificate = _new_certificate(registration, eligibility)
        certificate.save()
        attendances_points_fix(awards=_awards([certificate]))
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateAction.ISSUED, actor=actor
        )
        if notify:
            certificates_notify(certificates=[certificate])
    return certificate


def course_certificate_issue(
    *, user, course, completed_at=None, notify: bool = True
) -> Certificate:
    """Issue the certificate of completion of a self-paced course; idempotent.

    No points and no registration: the caller (the courses app) has decided
    that the course is complete. ``course`` is its page.
    """
    found = Certificate.objects.filter(
        kind=CertificateKind.COMPLETION, user=user, course=course
    )
    if (existing := found.first()) is not None:
        return existing
    name, _licence, script = _person(user)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                kind=CertificateKind.COMPLETION,
                user=user,
                course=course,
                course_title=course.title,
                holder_name=name,
                participation_form="",
                script=script,
                issued_at=completed_at or timezone.now(),
            )
            CertificateEvent.objects.create(
                certificate=certificate, action=CertificateAction.ISSUED
            )
            if notify:
                certificates_notify(certificates=[certificate])
    except IntegrityError:  # issued at the same moment by another request
        return found.get()
    return certificate


def certificate_reissue(
    *, certificate: Certificate, actor=None, reason: str = ""
) -> Certificate:
    """Re-read attendance and profile, keep the old version, render a new PDF.

    The old version stays as a record of what it said; its file is deleted.
    """
    registration = certificate.registration
    eligibility = certificate_eligibility(registration=registration)
    if not eligibility.eligible:
        raise CertificateError(_("The participant is no longer eligible."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        CertificateVersion.objects.create(
            certificate=certificate,
            number=certificate.version,
            holder_name=certificate.holder_name,
            participation_form=certificate.participation_form,
            points=certificate.points,
            issued_at=certificate.issued_at,
        )
        _file_delete_after_commit(certificate.pdf.name)
        fresh = _new_certificate(registration, eligibility)
        for field in ("kind", "holder_name", "licence_number", "points", "script"):
            setattr(certificate, field, getattr(fresh, field))
        certificate.participation_form = fresh.participation_form
        certificate.version += 1
        certificate.issued_at = timezone.now()
        certificate.pdf = ""
        certificate.save()
        attendances_points_fix(awards=_awards([certificate]))
        certificate_render(certificate=certificate)
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateAction.REISSUED,
            actor=actor,
            reason=reason,
        )
    return certificate


def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Revoke with a reason; the code then verifies as revoked.

    The PDF is deleted: a revoked certificate is never downloadable again.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        certificate.status = CertificateStatus.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        _file_delete_after_commit(certificate.pdf.name)
        certificate.pdf = ""
        certificate.save(
            update_fields=["status", "revoked_at", "revoked_reason", "pdf"]
        )
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateAction.REVOKED,
            actor=actor,
            reason=reason,
        )
    return certificate


def certificate_download_record(*, certificate: Certificate) -> None:
    if certificate.first_downloaded_at is None:
        Certificate.objects.filter(
            pk=certificate.pk, first_downloaded_at__isnull=True
        ).update(first_downloaded_at=timezone.now())


def certificates_notify(*, certificates: list[Certificate]) -> None:
    """One e-mail per holder with a link to "My certificates".

    Queued in the caller's transaction (the outbox of ``lms.email_outbox``):
    sent once after the certificates commit, never for ones rolled back.
    """
    url = settings.SITE_URL.rstrip("/") + reverse("certificates:mine")
    messages = []
    for certificate in certificates:
        user = certificate.user
        if user is None or not user.email:
            continue
        context = {"certificate": certificate, "url": url, "user": user}
        subject = render_plain_text("certificates/email/issued_subject.txt", context)
        body = render_plain_text("certificates/email/issued.txt", context)
        messages.append(
            EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])
        )
    emails_enqueue(messages=messages, kind="certificates.issued")


def _pending(training: TrainingPage):
    """Registrations of the training that may need a certificate and have none."""
    return (
        training.registrations.checked_in()
        .filter(
            status=RegistrationStatus.CONFIRMED,
            user__isnull=False,
            certificate__isnull=True,
        )
        .select_related("user__profile", "training")
        .order_by("pk")
    )


def _eligible(registrations) -> list[tuple[Registration, Eligibility]]:
    return [
        (r, e)
        for r in registrations
        if (e := certificate_eligibility(registration=r)).eligible
    ]


def certificates_issue_batch(*, training: TrainingPage, actor=None) -> CertificateBatch:
    """Start a batch for the training; the task does the work (see tasks.py)."""
    from .tasks import certificates_issue_batch_task

    batch = CertificateBatch.objects.create(training=training, started_by=actor)
    transaction.on_commit(lambda: certificates_issue_batch_task.enqueue(batch.pk))
    return batch


def _batch_start(batch: CertificateBatch, pending: int) -> None:
    """Running, with the total; a resumed batch counts on from what it committed."""
    batch.refresh_from_db(fields=["done"])
    batch.status = BatchStatus.RUNNING
    batch.total = batch.done + pending
    batch.save(update_fields=["status", "total"])


def _issue_chunk(
    *, training: TrainingPage, ids: list[int], actor, batch_id, notify: bool
) -> int:
    """Issue one chunk: certificates, audit, e-mails and progress commit together.

    The registrations are read again inside the transaction, so a chunk that
    another run (a resumed task, a second batch) has issued meanwhile is only
    counted; the one-certificate-per-registration constraint backs this up.
    """
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                pairs = _eligible(_pending(training).filter(pk__in=ids))
                certificates = Certificate.objects.bulk_create(
                    [_new_certificate(r, e) for r, e in pairs]
                )
                attendances_points_fix(awards=_awards(certificates))
                CertificateEvent.objects.bulk_create(
                    CertificateEvent(
                        certificate=c, action=CertificateAction.ISSUED, actor=actor
                    )
                    for c in certificates
                )
                if notify:
                    certificates_notify(certificates=certificates)
                if batch_id is not None:
                    CertificateBatch.objects.filter(pk=batch_id).update(
                        done=F("done") + len(ids)
                    )
            return len(certificates)
        except IntegrityError:  # issued by another run between read and insert
            if attempt == 2:
                raise
    return 0


def certificates_issue_pending(
    *,
    training: TrainingPage,
    actor=None,
    batch: CertificateBatch | None = None,
    notify: bool = True,
) -> int:
    """Issue every missing certificate of the training in chunks, with progress.

    Resumable: run again after a crash, it issues only what is still missing
    and the batch's count continues from what was committed. Queries are
    constant per chunk (bulk inserts), not per person.
    """
    ids = [r.pk for r, _e in _eligible(_pending(training))]
    if batch is not None:
        _batch_start(batch, len(ids))
    batch_id = batch.pk if batch is not None else None
    issued = 0
    for start in range(0, len(ids), BATCH_CHUNK):
        issued += _issue_chunk(
            training=training,
            ids=ids[start : start + BATCH_CHUNK],
            actor=actor,
            batch_id=batch_id,
            notify=notify,
        )
    if batch is not None:
        CertificateBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.DONE, finished_at=timezone.now()
        )
    return issued


def certificates_issue_late() -> int:
    """Issue those who became eligible after their training's batch ran."""
    trainings = TrainingPage.objects.filter(
        pk__in=CertificateBatch.objects.filter(status=BatchStatus.DONE).values(
            "training_id"
        )
    )
    return sum(certificates_issue_pending(training=t) for t in trainings)
