"""What certificates add to the core (lms.registry) and to the Chamber export."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DELETION_NOTICE = gettext_lazy(
    "Your certificates stay verifiable by their code, as they are your proof of "
    "training and licence points; their PDF files are deleted with your account."
)


def personal_data(user) -> list[dict[str, Any]]:
    from .models import Certificate

    return [
        {
            "code": c.code_display,
            "training": c.training.title if c.training_id else "",
            "course": c.course_title,
            "start": c.date.isoformat(),
            "kind": c.kind,
            "holder_name": c.holder_name,
            "licence_number": c.licence_number,
            "participation_form": c.participation_form,
            "points": c.points,
            "status": c.status,
            "version": c.version,
            "issued_at": c.issued_at.isoformat(),
        }
        for c in Certificate.objects.filter(user=user).select_related("training")
    ]


def account_delete(user) -> None:
    """Keep the certificates (verifiable proof); delete only their PDF files.

    No law requires removing the name from a certificate the person earned, and
    the Chamber may check it later; the PDFs can be rendered again on request.
    """
    from .models import Certificate

    certificates = list(Certificate.objects.filter(user=user))
    for certificate in certificates:
        if certificate.pdf:
            certificate.pdf.delete(save=False)
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(
        pdf="", user=None
    )


def dashboard_panel(request) -> dict | None:
    from .selectors import certificates_for_user, licence_point_totals

    user = request.user
    if not user.is_authenticated:
        return None
    certificates = list(certificates_for_user(user=user))
    panel = {"template": "certificates/panel_my_certificates.html"}
    panel["certificates"] = certificates[:5]
    panel["count"] = len(certificates)
    panel["totals"] = licence_point_totals(certificates)
    panel["can_issue"] = user.has_perm("lms.issue_certificates")
    panel["trainings"] = _trainings_to_issue(user, panel["can_issue"])
    return panel


def _trainings_to_issue(user, can_issue: bool):
    """Held trainings whose certificates this person may issue (latest first)."""
    from events.models import TrainingPage, TrainingStatus

    held = TrainingPage.objects.filter(status=TrainingStatus.HELD).order_by("-start")
    if not can_issue:
        held = held.filter(moderator__user=user)
    return list(held[:5])


def chamber_columns(training, registration_ids) -> tuple[list[str], dict[int, list]]:
    """Certificate code and points for the Chamber's attendance list."""
    from .models import Certificate, CertificateStatus

    headers = [_("Certificate code"), _("Certificate points")]
    rows = (
        {
            c.registration_id: [c.code_display, c.points]
            for c in Certificate.objects.filter(
                registration_id__in=registration_ids, status=CertificateStatus.VALID
            )
        }
        if registration_ids
        else {}
    )
    return headers, rows


def certificates_follow_claim(sender, user, placeholder, **kwargs) -> None:
    """Certificates of a paper record go with it to the person who claimed it."""
    from .models import Certificate

    Certificate.objects.filter(user=placeholder).update(user=user)
