"""A training's page and the registration form."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from events import services
from events.forms import RegistrationForm
from events.selectors import trainings_live, user_runs_training, waitlist_position
from lms.middleware import profile_is_complete


def _context(request, page) -> dict:
    training = trainings_live().filter(pk=page.pk).first() or page
    registration = None
    if request.user.is_authenticated:
        registration = page.registrations.active().filter(user=request.user).first()
    confirmed = getattr(training, "confirmed_count", 0)
    return {
        "page": page,
        "self": page,
        "training": training,
        "seats_left": max(page.capacity - confirmed, 0),
        "registration": registration,
        "waitlist_position": registration and waitlist_position(registration),
        "registration_open": page.registration_is_open(),
        "lecturers": page.lecturers.select_related("photo").all(),
        "can_run": request.user.is_authenticated
        and user_runs_training(request.user, page),
    }


def training_detail(request, page):
    context = _context(request, page)
    context["form"] = RegistrationForm()
    return TemplateResponse(request, "events/training_page.html", context)


def training_register(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not profile_is_complete(request.user):
        return redirect(f"/profile/?next={page.url}")
    if request.method != "POST":
        return redirect(page.url)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            registration = services.registration_create(
                training=page, user=request.user, **form.cleaned_data
            )
        except services.RegistrationError as error:
            form.add_error(None, error)
        else:
            if registration.is_confirmed:
                messages.success(
                    request,
                    _("You are registered. We have sent you the details by e-mail."),
                )
            else:
                messages.warning(
                    request,
                    _("The training is full: you are on the waiting list."),
                )
            return redirect("events:my_trainings")
    context = _context(request, page)
    context["form"] = form
    return TemplateResponse(request, "events/training_page.html", context, status=400)
