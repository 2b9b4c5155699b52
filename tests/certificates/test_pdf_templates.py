"""The PDFs share one base template: A4, DejaVu fonts, the language declared."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from certificates.rendering import certificate_html
from certificates.services import certificate_issue


@pytest.fixture
def certificate(held_training, attend, licensed):
    return certificate_issue(
        registration=attend(held_training, licensed, evaluated=True)
    )


def test_the_certificate_extends_the_pdf_base_once(certificate):
    html = certificate_html(certificate)
    assert html.count("<style>") == 1
    assert html.count("<html lang=") == 1 and '<html lang="sr-Cyrl">' in html
    assert "@page { size: A4; margin: 14mm; }" in html
    assert 'body { font-family: "DejaVu Sans", sans-serif; }' in html
    # The shared header and footer of certificates, once each.
    assert html.count('class="issuer"') == 1
    assert html.count('class="code"') == 1
    assert certificate.code_display in html
    assert "153-02-00777/2025-01" in html  # the decision, from the shared include


def test_the_chamber_report_extends_the_pdf_base(held_training):
    html = render_to_string(
        "events/chamber_report.html",
        {
            "training": held_training,
            "lecturers": [],
            "changes": [],
            "rows": [],
            "counts": {"total": 0, "licence_points": 0},
            "results": {"shown": False, "minimum": 5, "answers": 0},
            "printed_at": timezone.now(),
        },
    )
    assert html.count("<style>") == 1
    assert '<html lang="sr">' in html
    assert re.search(r"@page \{ size: A4; margin: 16mm 14mm;", html)
    # Licence points from the shared include, the same words as the training page.
    assert re.search(r"\s3,\s", html) and "153-02-00777/2025-01" in html
