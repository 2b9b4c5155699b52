from django.urls import reverse

from certificates.models import CertificateTemplate
from tests.conftest import PASSWORD


def test_staff_edit_design_in_admin_and_preview_it(client, staff_user):
    client.login(email=staff_user.email, password=PASSWORD)
    add = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    assert client.get(add).status_code == 200
    design = CertificateTemplate.objects.create(name="Нови", heading="ПОТВРДА")
    edit = reverse(
        "wagtailsnippets_certificates_certificatetemplate:edit", args=[design.pk]
    )
    assert client.get(edit).status_code == 200
    url = reverse("certificates:template_preview", args=[design.pk])
    html = client.get(url).content.decode()
    assert "ПОТВРДА" in html and "Љубица Његош" in html
    latin = client.get(url, {"script": "latn"}).content.decode()
    assert "Ljubica Njegoš" in latin
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_policy_snippet_add_page(client, staff_user):
    client.login(email=staff_user.email, password=PASSWORD)
    add = reverse("wagtailsnippets_certificates_trainingcertificatepolicy:add")
    assert client.get(add).status_code == 200


def test_participant_cannot_preview(client, participant):
    design = CertificateTemplate.objects.create(name="Нови")
    client.login(email=participant.email, password=PASSWORD)
    url = reverse("certificates:template_preview", args=[design.pk])
    assert client.get(url).status_code == 403
