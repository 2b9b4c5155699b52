import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.rendering import certificate_html
from certificates.services import certificate_issue, certificate_revoke
from events.models import EvaluationSubmission
from tests.conftest import PASSWORD


@pytest.fixture
def certificate(held_training, attend, licensed):
    return certificate_issue(
        registration=attend(held_training, licensed, form="active")
    )


def test_verify_shows_only_allowed_fields(client, certificate, licensed):
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in text
    assert "Ана Анић" in text and certificate.training.title in text
    assert licensed.email not in text
    assert licensed.profile.licence_number not in text
    assert "ЦСР Ниш" not in text


def test_verify_accepts_typed_grouped_lowercase(client, certificate):
    typed = certificate.code_display.lower()
    response = client.get(reverse("certificates:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_revoked_shows_revoked(client, certificate, staff_user):
    certificate_revoke(certificate=certificate, actor=staff_user, reason="грешка")
    text = client.get(reverse("certificates:verify", args=[certificate.code])).content
    assert b'data-status="revoked"' in text
    assert "грешка".encode() not in text


def test_unknown_code_is_404(client, db):
    assert client.get("/verify/AAAA-BBBB-CCCCC").status_code == 404
    assert client.get("/verify/%3Cscript%3E").status_code == 404


def test_rate_limit_429(client, db, settings):
    settings.CERTIFICATES_VERIFY_RATE = (3, 60)
    codes = [client.get("/verify/AAAA-BBBB-CCCCC").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_download_needs_evaluation_then_serves_pdf(client, certificate, licensed):
    client.login(email=licensed.email, password=PASSWORD)
    url = reverse("certificates:download", args=[certificate.code_display])
    response = client.get(url)
    assert response.status_code == 302
    assert "evaluacija" in response["Location"]
    EvaluationSubmission.objects.create(
        training=certificate.training, registration=certificate.registration
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.first_downloaded_at is not None


def test_certificate_html_has_name_points_and_qr(certificate):
    html = certificate_html(certificate)
    assert 'lang="sr-Cyrl"' in html
    assert "Ана Анић" in html and "12345" in html
    assert certificate.code_display in html and "<svg" in html
    assert certificate.training.accreditation_number in html


def test_latin_certificate_keeps_digraphs_in_capitals(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        holder_name="ЉУБИЦА ЊЕГОШ ЏОНИЋ", script="latn"
    )
    certificate.refresh_from_db()
    html = certificate_html(certificate)
    assert 'lang="sr-Latn"' in html
    assert "LJUBICA NJEGOŠ DŽONIĆ" in html


def test_pdf_contains_the_name(certificate):
    import io

    import pypdf

    from certificates.rendering import certificate_pdf_bytes

    data = certificate_pdf_bytes(certificate)
    assert data.startswith(b"%PDF")
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Ана Анић" in text


def test_participant_gets_403_on_staff_pages(client, certificate, participant):
    client.login(email=participant.email, password=PASSWORD)
    training = certificate.training
    assert (
        client.get(reverse("certificates:training", args=[training.pk])).status_code
        == 403
    )
    url = reverse("certificates:change", args=[certificate.pk, "revoke"])
    assert client.post(url, {"reason": "x"}).status_code == 403
    other = reverse("certificates:download", args=[certificate.code])
    assert client.get(other).status_code == 403


def test_staff_page_lists_eligibility_and_evaluation(client, certificate, staff_user):
    client.login(email=staff_user.email, password=PASSWORD)
    response = client.get(
        reverse("certificates:training", args=[certificate.training.pk])
    )
    assert response.status_code == 200
    assert certificate.code_display in response.content.decode()


def test_staff_revoke_without_reason_is_refused(client, certificate, staff_user):
    client.login(email=staff_user.email, password=PASSWORD)
    client.post(reverse("certificates:change", args=[certificate.pk, "revoke"]))
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_moderator_may_issue_for_own_training(client, held_training, trainer):
    from events.models import TrainerProfile

    held_training.moderator = TrainerProfile.objects.create(name="М", user=trainer)
    held_training.save()
    client.login(email=trainer.email, password=PASSWORD)
    url = reverse("certificates:training", args=[held_training.pk])
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("dashboard")).content.decode()


def test_rate_limit_per_client_behind_a_proxy(client, db, settings):
    settings.CERTIFICATES_VERIFY_RATE = (1, 60)
    settings.TRUSTED_PROXY_COUNT = 1
    url = "/verify/AAAA-BBBB-CCCCC"
    assert client.get(url, HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 404
    assert client.get(url, HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 404
    assert client.get(url, HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 429


def test_unknown_code_says_so_plainly_on_the_verification_page(client, db):
    response = client.get("/verify/AAAA-BBBB-CCCCC")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Ниједна потврда нема овај код" in html
    assert 'name="code"' in html and 'value="AAAA-BBBB-CCCCC"' in html
