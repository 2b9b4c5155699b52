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
    return _checkin_render(request, _training_run_by(request, training_id))


def _checkin_render(request, training, walkin_form=None, status: int = 200):
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
            "walkin_form": walkin_form or WalkinForm(),
            "walkin_open": walkin_form is not None,
            "not_consented": training.registrations.confirmed().not_consented().count(),
        },
        status=status,
    )


def _checkin_message(result: services.CheckinResult) -> tuple[str, str]:
    name = str(result.registration.user)
    when = formats.time_format(timezone.localtime(result.checked_in_at), "H:i")
    if result.repeated:
        level, text = (
            "warning",
            _(
                "This walk-in form was already sent: %(name)s was added and checked in "
                "at %(time)s. Nothing was added again."
            )
            % {"name": name, "time": when},
        )
    elif result.created:
        level, text = "success", _("%(name)s is checked in.") % {"name": name}
    else:
        level, text = (
            "warning",
            _("%(name)s was already checked in at %(time)s.")
            % {
                "name": name,
                "time": when,
            },
        )
    if not result.registration.has_consented:
        text += " " + _(
            "Their consent is still missing, so they are not in the Chamber list: "
            "they can give it on their phone under My trainings, or through the "
            "link in their e-mail."
        )
    return level, text


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
        if "token" in form.errors:
            text = _("The form was incomplete. Reload the page and try again.")
        else:
            text = _("Enter at least the first and last name.")
        return _walkin_refused(request, training, form, text, 400)
    try:
        result = services.walkin_create(
            training=training, by=request.user, **form.cleaned_data
        )
    except services.RegistrationError as error:
        text = " ".join(error.messages)
        return _walkin_refused(request, training, form, text, 409)
    return _respond(request, training, *_checkin_message(result))


def _walkin_refused(request, training, form, text: str, status: int):
    """The refusal, with the form as typed (nothing to type again)."""
    if request.accepts("application/json") and not request.accepts("text/html"):
        return JsonResponse({"status": "error", "message": text}, status=status)
    form.add_error(None, text)
    return _checkin_render(request, training, walkin_form=form, status=status)


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
