"""Certificate PDFs are private: no public URL, only the permission-checked view."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from certificates.models import Certificate, CertificateVersion
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from events.models import EvaluationSubmission, TrainerProfile
from lms.roles import TRAINER
from tests.conftest import PASSWORD


@pytest.fixture
def certificate(held_training, attend, licensed):
    registration = attend(held_training, licensed, form="active", evaluated=True)
    return certificate_issue(registration=registration)


def _download(client, certificate):
    return client.get(reverse("certificates:download", args=[certificate.code]))


def _pdf(response) -> bytes:
    return b"".join(response.streaming_content)


def _files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def test_the_file_lies_outside_the_public_media_under_a_random_name(
    client, certificate, licensed, settings
):
    client.force_login(licensed)
    response = _download(client, certificate)
    assert response.status_code == 200
    assert _pdf(response).startswith(b"%PDF")
    assert "uverenje-" in response["Content-Disposition"]
    certificate.refresh_from_db()
    name = certificate.pdf.name
    assert certificate.code not in name.replace("-", "")
    assert certificate.code_display not in name
    assert Path(certificate.pdf.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert _files(settings.MEDIA_ROOT) == []


def test_the_public_media_url_of_a_certificate_is_404(client, certificate, licensed):
    client.force_login(licensed)
    assert _download(client, certificate).status_code == 200
    certificate.refresh_from_db()
    training = certificate.training_id
    guessed = f"certificates/{training}/uverenje-{certificate.code_display}-v1.pdf"
    for path in (certificate.pdf.name, guessed):
        assert client.get(f"/media/{path}").status_code == 404
    client.logout()
    assert client.get(f"/media/{certificate.pdf.name}").status_code == 404


def test_another_participant_gets_403(client, certificate, make_user):
    other = make_user(email="druga@example.org")
    client.force_login(other)
    assert _download(client, certificate).status_code == 403
    client.logout()
    assert _download(client, certificate).status_code == 302  # to log in


def test_staff_and_the_trainings_trainers_may_download(
    client, certificate, staff_user, trainer, make_user
):
    training = certificate.training
    client.force_login(staff_user)
    assert _download(client, certificate).status_code == 200
    client.force_login(trainer)
    assert _download(client, certificate).status_code == 403  # not their training
    training.moderator = TrainerProfile.objects.create(name="Т. Т.", user=trainer)
    training.save()
    assert _download(client, certificate).status_code == 200
    lecturer = make_user(email="predavac@example.org", role=TRAINER)
    client.force_login(lecturer)
    assert _download(client, certificate).status_code == 403
    training.lecturers.add(TrainerProfile.objects.create(name="П.", user=lecturer))
    training.save()  # a page's many-to-many is written when the page is saved
    assert _download(client, certificate).status_code == 200


def test_the_holder_still_evaluates_first(client, held_training, attend, licensed):
    registration = attend(held_training, licensed)
    certificate = certificate_issue(registration=registration)
    client.force_login(licensed)
    assert _download(client, certificate).status_code == 302
    assert not certificate.pdf
    EvaluationSubmission.objects.create(
        training=held_training, registration=registration
    )
    assert _download(client, certificate).status_code == 200


def test_after_revocation_neither_the_view_nor_the_file_serves(
    client, certificate, licensed, staff_user, django_capture_on_commit_callbacks
):
    client.login(email=licensed.email, password=PASSWORD)
    assert _download(client, certificate).status_code == 200
    certificate.refresh_from_db()
    name, path = certificate.pdf.name, Path(certificate.pdf.path)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, actor=staff_user, reason="грешка")
    assert _download(client, certificate).status_code == 404
    assert client.get(f"/media/{name}").status_code == 404
    assert not path.exists()
    certificate.refresh_from_db()
    assert not certificate.pdf
    client.force_login(staff_user)
    assert _download(client, certificate).status_code == 404


def test_a_rolled_back_revocation_keeps_the_file(
    client, certificate, licensed, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(licensed)
    _download(client, certificate)
    certificate.refresh_from_db()
    path = Path(certificate.pdf.path)
    with django_capture_on_commit_callbacks() as callbacks:
        certificate_revoke(certificate=certificate, actor=staff_user, reason="грешка")
    # The revocation's file deletion waits for the commit: nothing yet.
    assert len(callbacks) == 1 and path.exists()


def test_reissue_deletes_the_old_versions_file(
    client, certificate, licensed, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(licensed)
    old = _pdf(_download(client, certificate))
    certificate.refresh_from_db()
    old_path = Path(certificate.pdf.path)
    registration = certificate.registration
    registration.participation_form = "passive"
    registration.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_reissue(
            certificate=certificate, actor=staff_user, reason="облик"
        )
    assert not old_path.exists()
    assert Path(certificate.pdf.path).exists()
    assert CertificateVersion.objects.get(certificate=certificate).number == 1
    new = _pdf(_download(client, certificate))
    assert new.startswith(b"%PDF") and new != old
    assert [p.name for p in _files(old_path.parent)] == [
        Path(certificate.pdf.name).name
    ]


def test_behind_nginx_the_view_answers_an_internal_redirect(
    client, certificate, licensed, settings
):
    settings.PRIVATE_FILES_X_ACCEL_REDIRECT = "/protected/"
    client.force_login(licensed)
    response = _download(client, certificate)
    certificate.refresh_from_db()
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{certificate.pdf.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == b""


def test_two_first_downloads_keep_one_file(certificate, settings):
    from certificates.services import certificate_render

    first = Certificate.objects.get(pk=certificate.pk)
    second = Certificate.objects.get(pk=certificate.pk)
    certificate_render(certificate=first)
    certificate_render(certificate=second)
    assert second.pdf.name == first.pdf.name
    assert len(_files(settings.PRIVATE_MEDIA_ROOT)) == 1


def test_documents_are_served_by_wagtails_view_not_the_media_folder(client, db):
    from django.core.files.base import File
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Програм")
    document.file.save("programme.pdf", File(io.BytesIO(b"%PDF-1.7")), save=False)
    document.save()
    storages["default"].save("original_images/logo.png", ContentFile(b"png"))
    assert client.get(f"/media/{document.file.name}").status_code == 404
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.7"
    assert client.get("/media/original_images/logo.png").status_code == 200


BEFORE = ("certificates", "0004_certificate_pdf_private_storage")
AFTER = ("certificates", "0006_certificateversion_without_pdf")


def _migrate(target) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_migration_moves_public_pdfs_to_the_private_storage(held_training, settings):
    old_apps = _migrate(BEFORE).loader.project_state([BEFORE]).apps
    OldCertificate = old_apps.get_model("certificates", "Certificate")
    OldVersion = old_apps.get_model("certificates", "CertificateVersion")
    public = storages["default"]
    folder = f"certificates/{held_training.pk}"
    files = {}
    for code, status in (("AAAABBBBCCCCC", "valid"), ("DDDDEEEEFFFFF", "revoked")):
        files[code] = public.save(
            f"{folder}/uverenje-{code}-v2.pdf", ContentFile(f"%PDF {code}".encode())
        )
        OldCertificate.objects.create(
            training_id=held_training.pk, code=code, kind="attendance",
            status=status, revoked_reason="грешка" if status == "revoked" else "",
            holder_name="Ана Анић", participation_form="passive", pdf=files[code],
        )  # fmt: skip
    files["version"] = public.save(f"{folder}/v1.pdf", ContentFile(b"%PDF v1"))
    OldVersion.objects.create(
        certificate=OldCertificate.objects.get(code="AAAABBBBCCCCC"), number=1,
        holder_name="Ана", participation_form="passive", points=0,
        pdf=files["version"], issued_at=held_training.start,
    )  # fmt: skip

    _migrate(AFTER)

    valid = Certificate.objects.get(code="AAAABBBBCCCCC")
    assert valid.pdf.read() == b"%PDF AAAABBBBCCCCC"
    assert Path(valid.pdf.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert "AAAA" not in valid.pdf.name
    assert not Certificate.objects.get(code="DDDDEEEEFFFFF").pdf
    assert not any(public.exists(name) for name in files.values())
    assert _files(settings.MEDIA_ROOT) == []
