"""Staff and the moderator: issue a training's certificates, reissue, revoke."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events.models import TrainingPage
from lms.permissions import permission_required

from ..models import Certificate, CertificateBatch, CertificateTemplate
from ..rendering import certificate_html, html_pdf
from ..selectors import training_certificate_rows
from ..services import (
    CertificateError,
    certificate_reissue,
    certificate_revoke,
    certificates_issue_batch,
)


def may_issue(user, training: TrainingPage) -> bool:
    if user.has_perm("lms.issue_certificates"):
        return True
    moderator = training.moderator
    return bool(moderator and moderator.user_id and moderator.user_id == user.pk)


def _training(request, training_id: int) -> TrainingPage:
    training = get_object_or_404(
        TrainingPage.objects.select_related("moderator"), pk=training_id
    )
    if not may_issue(request.user, training):
        raise PermissionDenied
    return training


@permission_required("lms.access_staff_area")
@require_GET
def training_certificates(request, training_id: int):
    training = _training(request, training_id)
    rows = training_certificate_rows(training=training)
    return render(
        request,
        "certificates/training_certificates.html",
        {
            "training": training,
            "rows": rows,
            "batch": training.certificate_batches.first(),
            "eligible": sum(1 for r in rows if r.eligible),
            "issued": sum(1 for r in rows if r.certificate),
            "missing_evaluation": sum(1 for r in rows if not r.evaluated),
            "downloaded": sum(
                1 for r in rows if r.certificate and r.certificate.first_downloaded_at
            ),
        },
    )


@permission_required("lms.access_staff_area")
@require_POST
def batch_start(request, training_id: int):
    training = _training(request, training_id)
    certificates_issue_batch(training=training, actor=request.user)
    messages.success(request, _("Issuing the certificates has started."))
    return redirect("certificates:training", training.pk)


@permission_required("lms.access_staff_area")
@require_GET
def batch_progress(request, batch_id: int):
    batch = get_object_or_404(CertificateBatch, pk=batch_id)
    _training(request, batch.training_id)
    return JsonResponse(
        {
            "status": batch.status,
            "done": batch.done,
            "total": batch.total,
            "percent": batch.percent,
        }
    )


def _certificate(request, pk: int) -> Certificate:
    certificate = get_object_or_404(
        Certificate.objects.select_related("training"), pk=pk
    )
    _training(request, certificate.training_id)
    return certificate


@permission_required("lms.access_staff_area")
@require_POST
def certificate_change(request, pk: int, action: str):
    certificate = _certificate(request, pk)
    reason = request.POST.get("reason", "").strip()[:2000]
    try:
        if action == "revoke":
            certificate_revoke(
                certificate=certificate, actor=request.user, reason=reason
            )
            messages.success(request, _("The certificate has been revoked."))
        elif action == "reissue":
            certificate_reissue(
                certificate=certificate, actor=request.user, reason=reason
            )
            messages.success(request, _("The certificate has been reissued."))
        else:
            raise PermissionDenied
    except CertificateError as error:
        messages.error(request, str(error))
    return redirect("certificates:training", certificate.training_id)


@permission_required("lms.issue_certificates")
@require_GET
def template_preview(request, pk: int):
    """A sample certificate in this design, as HTML or (``?format=pdf``) PDF."""
    from ..preview import sample_certificate

    design = get_object_or_404(CertificateTemplate, pk=pk)
    certificate = sample_certificate(script=request.GET.get("script", "cyrl"))
    html = certificate_html(certificate, design)
    if request.GET.get("format") == "pdf":
        return HttpResponse(html_pdf(html), content_type="application/pdf")
    return HttpResponse(html)
