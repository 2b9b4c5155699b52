"""A participant's certificates: list, points, PDF download and export."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events.models import ParticipationForm
from events.selectors import user_runs_training
from lms.storage import private_file_response

from ..codes import code_normalise
from ..eligibility import certificate_download_allowed
from ..models import Certificate
from ..selectors import (
    certificates_for_user,
    certificates_with_access,
    licence_point_totals,
)
from ..services import certificate_download_record, certificate_render

try:
    from lms.spreadsheets import row_safe
except ImportError:  # pragma: no cover - events always has it today

    def row_safe(values):
        return [
            ("'" + v) if isinstance(v, str) and v[:1] in "=+-@\t\r" else v
            for v in values
        ]


@login_required
@require_GET
def my_certificates(request):
    certificates = list(certificates_for_user(user=request.user))
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "items": certificates_with_access(certificates),
            "totals": licence_point_totals(certificates),
        },
    )


def _may_download(user, certificate: Certificate) -> bool:
    """The holder, staff who issue certificates, or those running the training."""
    if certificate.user_id == user.pk or user.has_perm("lms.issue_certificates"):
        return True
    training = certificate.training
    if training is None:
        return False
    moderator = training.moderator
    if moderator is not None and moderator.user_id == user.pk:
        return True
    return user_runs_training(user, training)


@login_required
@require_GET
def certificate_download(request, code: str):
    """The only way to a certificate's PDF: the files have no public URL."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("training__moderator", "registration"),
        code=code_normalise(code) or "-",
    )
    if not _may_download(request.user, certificate):
        raise PermissionDenied
    if not certificate.is_valid:
        raise Http404
    if certificate.user_id == request.user.pk:
        if not certificate_download_allowed(certificate=certificate):
            return redirect("events:evaluation_answer", certificate.training_id)
        certificate_download_record(certificate=certificate)
    if not certificate.pdf:
        certificate_render(certificate=certificate)
    prefix = "potvrda" if certificate.is_completion else "uverenje"
    return private_file_response(
        certificate.pdf, filename=f"{prefix}-{certificate.code_display}.pdf"
    )


def _form_label(value: str) -> str:
    """The participation form as people read it ("passive participant")."""
    return str(ParticipationForm(value).label) if value else ""


def _export_rows(user) -> list[list]:
    rows = [
        [
            _("Code"),
            _("Training or course"),
            _("Date"),
            _("Participation form"),
            _("Licence points"),
            _("Status"),
        ]
    ]
    for c in certificates_for_user(user=user):
        rows.append(
            [
                c.code_display,
                c.subject_title,
                timezone.localtime(c.date).date(),
                _form_label(c.participation_form),
                c.points,
                c.get_status_display(),
            ]
        )
    return rows


@login_required
@require_GET
def my_certificates_export(request, fmt: str):
    rows = _export_rows(request.user)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in rows:
            writer.writerow(
                row_safe(
                    [
                        v.strftime("%d.%m.%Y") if hasattr(v, "strftime") else v
                        for v in row
                    ]
                )
            )
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv"
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Certificates")[:31])
        for row in rows:
            sheet.append(row_safe(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="moja-uverenja.{fmt}"'
    return response
