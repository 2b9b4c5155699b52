import datetime

from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors import licence_point_totals
from certificates.services import certificate_issue
from tests.conftest import PASSWORD


def test_totals_per_year_and_period(held_training, attend, licensed, make_training):
    old = make_training(days=-9 * 365, status="held", accreditation_number="9")
    certificate_issue(registration=attend(held_training, licensed, form="active"))
    certificate_issue(registration=attend(old, licensed))
    certificates = list(Certificate.objects.select_related("training"))
    totals = licence_point_totals(certificates, today=datetime.date.today())
    assert totals.period_total == 6  # the nine-year-old one is outside 7 years
    assert sum(points for _year, points in totals.by_year) == 9


def test_my_certificates_page_and_export(client, held_training, attend, licensed):
    certificate = certificate_issue(
        registration=attend(held_training, licensed, form="active")
    )
    client.login(email=licensed.email, password=PASSWORD)
    text = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.code_display in text
    assert reverse("events:evaluation_answer", args=[held_training.pk]) in text
    csv = client.get(reverse("certificates:mine_export", args=["csv"])).content
    assert certificate.code_display.encode() in csv
    xlsx = client.get(reverse("certificates:mine_export", args=["xlsx"]))
    assert xlsx.content.startswith(b"PK")


def test_export_is_formula_safe(client, make_training, attend, licensed):
    training = make_training(days=-1, status="held", title="=HYPERLINK(1)")
    certificate_issue(registration=attend(training, licensed))
    client.login(email=licensed.email, password=PASSWORD)
    csv = client.get(reverse("certificates:mine_export", args=["csv"])).content
    assert b"'=HYPERLINK(1)" in csv


def test_dashboard_and_personal_data(client, held_training, attend, licensed):
    certificate = certificate_issue(registration=attend(held_training, licensed))
    client.login(email=licensed.email, password=PASSWORD)
    assert (
        reverse("certificates:mine")
        in client.get(reverse("dashboard")).content.decode()
    )
    from certificates.integration import personal_data

    assert personal_data(licensed)[0]["code"] == certificate.code_display


def test_account_deletion_keeps_certificate_verifiable(
    client, held_training, attend, licensed
):
    from certificates.services import certificate_render
    from lms.registry import account_deletion_handlers

    certificate = certificate_issue(registration=attend(held_training, licensed))
    certificate_render(certificate=certificate)
    for handler in account_deletion_handlers:
        handler(licensed)
    licensed.delete()
    certificate.refresh_from_db()
    assert certificate.user is None and not certificate.pdf
    assert (
        client.get(reverse("certificates:verify", args=[certificate.code])).status_code
        == 200
    )


def test_chamber_export_has_certificate_columns(held_training, attend, licensed):
    from events.exports.attendance import attendance_headers, attendance_rows

    certificate = certificate_issue(registration=attend(held_training, licensed))
    assert (
        "Certificate code" in attendance_headers(held_training)
        or len(attendance_headers(held_training)) == 11
    )
    row = attendance_rows(training=held_training)[0]
    assert row.values()[-2:] == [certificate.code_display, certificate.points]
