"""My trainings: a participant's registrations, QR codes and cancelling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import services
from events.consent import consent_path, consent_registration
from events.evaluations.services import evaluation_state
from events.forms import ConsentForm
from events.models import ConsentSource
from events.qr import qr_svg
from events.selectors import registrations_for_user


@login_required
def my_trainings(request):
    upcoming = list(registrations_for_user(user=request.user, upcoming=True))
    for registration in upcoming:
        if registration.is_confirmed:
            registration.qr = qr_svg(registration, scale=4)
        if not registration.has_consented:
            registration.consent_path = consent_path(registration)
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


@require_http_methods(["GET", "POST"])
def consent_page(request, token: str):
    """The person gives or refuses their consents (link from an e-mail or My page).

    Nothing is ticked in advance: what is stored is what the person ticks.
    """
    registration = consent_registration(token)
    if registration is None:
        raise Http404
    own = request.user.is_authenticated and request.user.pk == registration.user_id
    earlier = (
        {
            "consent_data": registration.consent_data,
            "consent_chamber": registration.consent_chamber,
        }
        if registration.consented_at  # the person's own earlier answer
        else None
    )
    form = ConsentForm(request.POST or None, initial=earlier)
    if request.method == "POST" and form.is_valid():
        services.registration_consent_record(
            registration=registration,
            source=ConsentSource.MY_TRAININGS if own else ConsentSource.LINK,
            **form.cleaned_data,
        )
        messages.success(request, _("Thank you: your answer is recorded."))
        if own:
            return redirect("events:my_trainings")
        return redirect("events:consent", token=token)
    return render(
        request,
        "events/consent.html",
        {"registration": registration, "training": registration.training, "form": form},
    )
