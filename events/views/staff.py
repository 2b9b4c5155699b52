"""Registrations of one training for its trainers and staff."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import services
from events.forms import ImportForm, RegistrationFilterForm, StaffRegistrationForm
from events.models import Registration
from events.views.checkin import _training_run_by
from lms.models import User
from lms.permissions import permission_required


def _filtered(training, form: RegistrationFilterForm):
    registrations = training.registrations.select_related(
        "user__profile__system",
        "user__profile__institution",
        "user__profile__municipality",
    ).order_by("status", "created_at", "pk")
    if not form.is_valid():
        return registrations
    data = form.cleaned_data
    if data["status"]:
        registrations = registrations.filter(status=data["status"])
    if data["system"]:
        registrations = registrations.filter(user__profile__system=data["system"])
    if data["municipality"]:
        registrations = registrations.filter(
            user__profile__municipality=data["municipality"]
        )
    if data["institution"]:
        registrations = registrations.filter(
            user__profile__institution__name__icontains=data["institution"]
        )
    return registrations


def _page(request, training, **extra):
    form = RegistrationFilterForm(request.GET or None)
    context = {
        "training": training,
        "filter_form": form,
        "registrations": _filtered(training, form),
        "add_form": StaffRegistrationForm(),
        "import_form": ImportForm(),
        "not_consented": training.registrations.active().not_consented().count(),
        **extra,
    }
    return render(request, "events/registrations.html", context)


@permission_required("lms.run_trainings")
@require_http_methods(["GET"])
def registration_list(request, training_id: int):
    return _page(request, _training_run_by(request, training_id))


@permission_required("lms.run_trainings")
@require_POST
def registration_add(request, training_id: int):
    training = _training_run_by(request, training_id)
    form = StaffRegistrationForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error("email", _("No account with this e-mail address."))
        else:
            try:
                services.registration_create(
                    training=training,
                    user=user,
                    participation_form=form.cleaned_data["participation_form"],
                    consent_data=False,
                    consent_chamber=False,
                    source="staff",
                    staff=True,
                )
            except services.RegistrationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": user})
                return redirect("events:registrations", training_id=training.pk)
    return _page(request, training, add_form=form)


@permission_required("lms.run_trainings")
@require_POST
def registration_action(request, training_id: int, pk: int, action: str):
    if action not in ("promote", "cancel"):
        raise Http404
    training = _training_run_by(request, training_id)
    registration = get_object_or_404(Registration, pk=pk, training=training)
    try:
        if action == "promote":
            services.registration_promote(registration=registration)
            messages.success(request, _("Moved from the waiting list."))
        else:
            services.registration_cancel(registration=registration, staff=True)
            messages.success(request, _("Registration cancelled."))
    except services.RegistrationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("events:registrations", training_id=training.pk)
