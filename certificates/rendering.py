"""The certificate as HTML and as an A4 PDF (WeasyPrint), in the holder's script."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events.models import ParticipationForm
from lms.text import html_to_latin

from .models import Certificate, CertificateTemplate, TrainingCertificatePolicy


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", args=[code])


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, dark="#111")


def design_for(training) -> CertificateTemplate:
    policy = training and (
        TrainingCertificatePolicy.objects.filter(training=training)
        .select_related("template__logo", "template__signature")
        .first()
    )
    if policy and policy.template:
        return policy.template
    design = (
        CertificateTemplate.objects.select_related("logo", "signature")
        .order_by("-is_default", "pk")
        .first()
    )
    return design or CertificateTemplate(name="default")


def _image_url(image) -> str:
    if image is None:
        return ""
    try:
        return image.file.path and f"file://{image.file.path}"
    except (ValueError, NotImplementedError):
        return image.file.url


def completion_context(certificate: Certificate, design=None) -> dict:
    """A course's certificate of completion: no training, venue or points."""
    design = design or design_for(None)
    url = verification_url(certificate.code_display)
    return {
        "certificate": certificate,
        "design": design,
        "logo_url": _image_url(design.logo),
        "signature_url": _image_url(design.signature),
        "qr": qr_svg(url),
        "verify_url": url,
        "lang": "sr-Latn" if certificate.script == "latn" else "sr-Cyrl",
    }


def certificate_context(certificate: Certificate, design=None) -> dict:
    if certificate.is_completion:
        return completion_context(certificate, design)
    training = certificate.training
    design = design or design_for(training)
    url = verification_url(certificate.code_display)
    return {
        "certificate": certificate,
        "training": training,
        "design": design,
        "logo_url": _image_url(design.logo),
        "signature_url": _image_url(design.signature),
        "lecturers": list(training.lecturers.all()),
        "form_label": ParticipationForm(certificate.participation_form).label,
        "qr": qr_svg(url),
        "verify_url": url,
        "lang": "sr-Latn" if certificate.script == "latn" else "sr-Cyrl",
    }


def certificate_html(certificate: Certificate, design=None, context=None) -> str:
    """The HTML WeasyPrint renders: always Serbian, Latin by transliteration."""
    context = context or certificate_context(certificate, design)
    template = "certificates/certificate_pdf.html"
    if certificate.is_completion:
        template = "certificates/completion_pdf.html"
    with translation.override("sr"):
        html = render_to_string(template, context)
    return html_to_latin(html) if certificate.script == "latn" else html


def html_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def certificate_pdf_bytes(certificate: Certificate, design=None) -> bytes:
    return html_pdf(certificate_html(certificate, design))
