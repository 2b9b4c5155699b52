"""Check-in at the door and the attendance sheet (trainers and staff)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import services
from events.forms import CheckinForm, WalkinForm
from events.models import Registration, TrainingPage
from events.qr import token_from_scan
from events.selectors import user_runs_training
from lms.permissions import permission_required
from lms.text import search_key


def _training_run_by(request, training_id: int) -> TrainingPage:
    """The training, if the user is staff or one of its trainers (else 403)."""
    training = get_object_or_404(TrainingPage, pk=training_id)
    if not user_runs_training(request.user, training):
        raise PermissionDenied
    return training


def _registrations(training: TrainingPage):
    return (
        training.registrations.confirmed()
        .select_related("user__profile__institution", "checked_in_by")
        .order_by("user__last_name", "user__first_name", "pk")
    )


@permission_required("lms.run_trainings")
@require_GET
def checkin_page(request, training_id: int):
    training = _training_run_by(request, training_id)
    registrations = _registrations(training)
    query = request.GET.get("q", "").strip()[:100]
    shown = registrations
    if query:
        key = search_key(query)
        shown = [
            r
            for r in registrations
            if key in search_key(f"{r.user.first_name} {r.user.last_name}")
        ]
    present = registrations.checked_in().count()
    return render(
        request,
        "events/checkin.html",
        {
            "training": training,
            "registrations": shown,
            "query": query,
            "present": present,
            "registered": registrations.count(),
            "form": CheckinForm(),
            "walkin_form": WalkinForm(),
        },
    )


def _checkin_message(result: services.CheckinResult) -> tuple[str, str]:
    name = str(result.registration.user)
    when = formats.time_format(timezone.localtime(result.checked_in_at), "H:i")
    if result.created:
        return "success", _("%(name)s is checked in.") % {"name": name}
    return "warning", _("%(name)s was already checked in at %(time)s.") % {
        "name": name,
        "time": when,
    }


def _respond(request, training, level: str, text: str, status: int = 200):
    if request.accepts("application/json") and not request.accepts("text/html"):
        return JsonResponse({"status": level, "message": text}, status=status)
    getattr(messages, level)(request, text)
    return redirect("events:checkin", training_id=training.pk)


@permission_required("lms.run_trainings")
@require_POST
def checkin_submit(request, training_id: int):
    training = _training_run_by(request, training_id)
    form = CheckinForm(request.POST)
    token = token_from_scan(form.data.get("code", ""))
    registration = Registration.objects.filter(
        Q(checkin_token=token), training=training
    ).first()
    if registration is None:
        return _respond(
            request, training, "error", _("No registration with this code."), 404
        )
    try:
        result = services.checkin_record(
            registration=registration,
            by=request.user,
            at=parse_datetime(request.POST.get("scanned_at", "")),
        )
    except services.RegistrationError as error:
        return _respond(request, training, "error", " ".join(error.messages), 409)
    return _respond(request, training, *_checkin_message(result))


@permission_required("lms.run_trainings")
@require_POST
def walkin_submit(request, training_id: int):
    training = _training_run_by(request, training_id)
    form = WalkinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter at least the first and last name."))
        return redirect("events:checkin", training_id=training.pk)
    result = services.walkin_create(
        training=training, by=request.user, **form.cleaned_data
    )
    return _respond(request, training, *_checkin_message(result))


@permission_required("lms.run_trainings")
@require_GET
def attendance_sheet(request, training_id: int):
    """A PDF list of registrants with a signature column (or who checked in)."""
    from weasyprint import HTML

    training = _training_run_by(request, training_id)
    registrations = _registrations(training)
    present_only = request.GET.get("prisutni") == "1"
    if present_only:
        registrations = registrations.checked_in()
    html = render_to_string(
        "events/attendance_sheet.html",
        {
            "training": training,
            "registrations": registrations,
            "present_only": present_only,
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = "prisutni" if present_only else "spisak"
    response["Content-Disposition"] = (
        f'inline; filename="obuka-{training.pk}-{suffix}.pdf"'
    )
    return response


@require_GET
def service_worker(request):
    """The check-in pages' service worker, served under /obuke/ for its scope."""
    from django.conf import settings

    response = render(
        request,
        "events/js/checkin-sw.js",
        {"static_prefix": settings.STATIC_URL},
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response
