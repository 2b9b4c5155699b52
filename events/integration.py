"""What the events app adds to the core through ``lms.registry``."""

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DELETION_NOTICE = _(
    "Your attendance at trainings accredited by the Chamber of Social Protection "
    "is kept without your name, for the Chamber's statistics."
)


def personal_data(user) -> list[dict[str, Any]]:
    """The person's registrations, for "Download my data"."""
    registrations = user.training_registrations.select_related(
        "training", "evaluation_submission"
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
        }
        for r in registrations
    ]


def account_delete(user) -> None:
    """Anonymise attendance of accredited trainings; delete everything else.

    Seats the person held in coming trainings go to the waiting list first.
    """
    from events import services
    from events.models import Registration

    registrations = Registration.objects.filter(user=user)
    coming = registrations.active().filter(
        training__end__gte=timezone.now(), checked_in_at__isnull=True
    )
    for registration in coming:
        services.registration_cancel(
            registration=registration, staff=True, notify=False
        )
    accredited_attendance = Q(checked_in_at__isnull=False) & ~Q(
        training__accreditation_number=""
    )
    registrations.exclude(accredited_attendance).delete()
    profile = getattr(user, "profile", None)
    snapshot = {
        "gender": getattr(profile, "gender", ""),
        "system": getattr(getattr(profile, "system", None), "key", None),
        "institution": str(getattr(profile, "institution", None) or ""),
        "municipality": str(getattr(profile, "municipality", None) or ""),
    }
    registrations.filter(accredited_attendance).update(
        user=None,
        checked_in_by=None,
        anonymised_at=timezone.now(),
        anonymised_profile=snapshot,
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
