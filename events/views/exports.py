"""Chamber of Social Protection exports (staff and the Chamber viewer role)."""

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from events.exports.chamber import chamber_export_build, chamber_export_log
from events.exports.checks import chamber_export_missing, changes_against_decision
from events.models import (
    ChamberExportLog,
    ExportKind,
    RegistrationStatus,
    TrainingPage,
)
from lms.permissions import permission_required


def _accredited(training_id: int) -> TrainingPage:
    return get_object_or_404(
        TrainingPage.objects.exclude(accreditation_number="").select_related(
            "municipality"
        ),
        pk=training_id,
    )


@permission_required("lms.view_chamber_exports")
@require_GET
def chamber_export_index(request):
    # Checked in but left out of the package until they consent (one query).
    waiting = Q(registrations__checked_in_at__isnull=False) & ~Q(
        registrations__status=RegistrationStatus.CANCELLED
    )
    waiting &= Q(registrations__consent_data=False) | Q(
        registrations__consent_chamber=False
    )
    trainings = (
        TrainingPage.objects.exclude(accreditation_number="")
        .select_related("municipality")
        .annotate(not_consented=Count("registrations", filter=waiting))
        .order_by("-start")
    )
    return render(request, "events/chamber_export_index.html", {"trainings": trainings})


@permission_required("lms.view_chamber_exports")
@require_GET
def chamber_export_page(request, training_id: int):
    training = _accredited(training_id)
    log = ChamberExportLog.objects.filter(training=training).select_related("user")
    return render(
        request,
        "events/chamber_export.html",
        {
            "training": training,
            "kinds": ExportKind.choices,
            "log": log[:20],
            "missing": chamber_export_missing(training=training),
            "changes": changes_against_decision(training),
            # Checked in but left out of the package until they consent.
            "not_consented": training.registrations.checked_in()
            .active()
            .not_consented()
            .count(),
        },
    )


@permission_required("lms.view_chamber_exports")
@require_GET
def chamber_export_download(request, training_id: int, kind: str):
    if kind not in ExportKind.values:
        raise Http404
    training = _accredited(training_id)
    export = chamber_export_build(training=training, kind=kind)
    chamber_export_log(training=training, kind=kind, user=request.user)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.name}"'
    return response
