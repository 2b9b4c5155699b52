"""My trainings: a participant's registrations, QR codes and cancelling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.evaluations import evaluation_state
from events.qr import qr_svg
from events.selectors import registrations_for_user


@login_required
def my_trainings(request):
    upcoming = list(registrations_for_user(user=request.user, upcoming=True))
    for registration in upcoming:
        if registration.status == "confirmed":
            registration.qr = qr_svg(registration, scale=4)
    past = list(registrations_for_user(user=request.user, upcoming=False))
    for registration in upcoming + past:
        registration.evaluation = evaluation_state(
            training=registration.training, registration=registration
        )
    return render(
        request,
        "events/my_trainings.html",
        {"upcoming": upcoming, "past": past},
    )


@login_required
@require_POST
def registration_cancel(request, pk: int):
    registration = get_object_or_404(
        request.user.training_registrations.select_related("training"), pk=pk
    )
    try:
        services.registration_cancel(registration=registration)
    except services.RegistrationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("events:my_trainings")
