"""What the events app adds to the core through ``lms.registry``."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DELETION_NOTICE = _(
    "Your registrations and attendance at trainings are kept without your name, "
    "e-mail and licence number, so that the statistics and the reports already "
    "sent to the Chamber of Social Protection do not change. Registrations for "
    "coming trainings are cancelled and their seats offered to the waiting list."
)


def personal_data(user) -> list[dict[str, Any]]:
    """The person's registrations, for "Download my data"."""
    registrations = user.training_registrations.select_related(
        "training",
        "evaluation_submission",
        "attendance__system",
        "attendance__municipality",
    )
    return [
        {
            "training": r.training.title,
            "start": r.training.start.isoformat(),
            "status": r.status,
            "participation_form": r.participation_form,
            "source": r.source,
            "registered_at": r.created_at.isoformat(),
            "consent_data": r.consent_data,
            "consent_chamber": r.consent_chamber,
            "consented_at": r.consented_at.isoformat() if r.consented_at else None,
            "consent_source": r.consent_source,
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
            # Only that the person answered: the answers themselves are anonymous.
            "evaluation_submitted": hasattr(r, "evaluation_submission"),
            "attendance_record": _attendance_data(r),
        }
        for r in registrations
    ]


def _attendance_data(registration) -> dict[str, Any] | None:
    """What was recorded as counting for the training, as the person sees it."""
    record = getattr(registration, "attendance", None)
    if record is None:
        return None
    return {
        "gender": record.get_gender_display() if record.gender else "",
        "system": record.system.name if record.system else "",
        "institution": record.institution_name,
        "municipality": record.municipality.name if record.municipality else "",
        "participation_form": record.get_participation_form_display(),
        "licence_number": record.licence_number,
        "points": record.points,
        "recorded_at": record.recorded_at.isoformat(),
    }


def account_delete(user) -> None:
    """Take the person out of their registrations; keep the registrations.

    Seats the person held in coming trainings go to the waiting list first.
    Every other registration stays without the person (``user`` empty): the
    registrations and attendance of past trainings, and their records of what
    counted, are what statistics and Chamber packages already reported. The
    licence number goes (it identifies the person in the Chamber's register);
    that there was one, and the points, stay. Cancelled registrations count
    nowhere, so they are deleted.
    """
    from events import services
    from events.attendance import attendances_anonymise
    from events.models import Registration, RegistrationStatus
    from events.models.registrations import new_checkin_token

    registrations = Registration.objects.filter(user=user)
    coming = registrations.active().filter(
        training__end__gte=timezone.now(), checked_in_at__isnull=True
    )
    for registration in coming:
        services.registration_cancel(
            registration=registration, staff=True, notify=False
        )
    registrations.filter(status=RegistrationStatus.CANCELLED).delete()
    attendances_anonymise(registrations=registrations)
    now = timezone.now()
    # A new check-in code each: the old one, in the person's e-mails, no
    # longer leads to the row (a handful of rows per person).
    for pk in list(registrations.values_list("pk", flat=True)):
        Registration.objects.filter(pk=pk).update(
            user=None, anonymised_at=now, checkin_token=new_checkin_token()
        )


def dashboard_panel(request) -> dict | None:
    """The participant's next trainings on "My page" (and a trainer's own)."""
    from events.selectors import registrations_for_user, trainings_for_trainer

    user = request.user
    registrations = registrations_for_user(user=user, upcoming=True)[:5]
    running = []
    if user.has_perm("lms.run_trainings"):
        running = trainings_for_trainer(user).live().upcoming()[:10]
    return {
        "template": "events/panel_my_trainings.html",
        "registrations": registrations,
        "running": running,
    }
