"""Before sending to the Chamber: what it needs and the training lacks, and
what changed against the decision (place, date)."""

from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import Attendance, RegistrationStatus, TrainingPage
from lms.text import search_key


@dataclass
class Missing:
    message: str
    names: list[str] = field(default_factory=list)


def _without_licence(training: TrainingPage) -> list[str]:
    """People checked in whose form earns points, with no licence number."""
    records = (
        Attendance.objects.filter(
            registration__training=training,
            registration__checked_in_at__isnull=False,
            has_licence=False,
        )
        .exclude(registration__status=RegistrationStatus.CANCELLED)
        .select_related("registration__user")
        .order_by("registration__user__last_name", "registration__user__first_name")
    )
    return [
        str(record.registration.user)
        for record in records
        if record.registration.user_id
        and training.points_for(record.participation_form) > 0
    ]


def chamber_export_missing(*, training: TrainingPage) -> list[Missing]:
    """What the Chamber needs and this training's record does not have yet."""
    missing = []
    if not training.accreditation_number:
        missing.append(Missing(_("The Chamber decision number is missing.")))
    if not training.accreditation_date:
        missing.append(Missing(_("The Chamber decision date is missing.")))
    if not training.lecturers.exists():
        missing.append(Missing(_("No lecturers are recorded.")))
    names = _without_licence(training)
    if names:
        missing.append(
            Missing(
                _(
                    "Checked in, in a participation form that earns points, "
                    "without a licence number (no points until they add it):"
                ),
                names,
            )
        )
    return missing


def changes_against_decision(training: TrainingPage) -> list[str]:
    """Each change of place or date against the decision, citing its number."""
    changes = []
    number = training.accreditation_number or "—"
    held_in = training.municipality.name if training.municipality else ""
    if training.accredited_place and search_key(training.accredited_place) != (
        search_key(held_in)
    ):
        changes.append(
            _(
                "Change of place: decision no. %(number)s names %(named)s; the "
                "training was held in %(held)s."
            )
            % {"number": number, "named": training.accredited_place, "held": held_in}
        )
    held_on = timezone.localtime(training.start).date()
    if training.accredited_day and training.accredited_day != held_on:
        changes.append(
            _(
                "Change of date: decision no. %(number)s names %(named)s; the "
                "training was held on %(held)s."
            )
            % {
                "number": number,
                "named": formats.date_format(training.accredited_day, "j. n. Y."),
                "held": formats.date_format(held_on, "j. n. Y."),
            }
        )
    return changes


def training_header(training: TrainingPage) -> list[tuple[str, str]]:
    """The training's header lines for the XLSX and CSV lists."""
    start = timezone.localtime(training.start)
    end = timezone.localtime(training.end)
    dates = formats.date_format(start, "j. n. Y.")
    if end.date() != start.date():
        dates += " – " + formats.date_format(end, "j. n. Y.")
    place = training.venue_name
    if training.municipality:
        place = f"{place}, {training.municipality.name}"
    decision = training.accreditation_number
    if training.accreditation_date:
        decision += (
            " (" + formats.date_format(training.accreditation_date, "j. n. Y.") + ")"
        )
    lines = [
        (_("Training"), training.title),
        (_("Date"), dates),
        (_("Venue"), place),
        (_("Chamber decision no."), decision),
    ]
    lines += [(_("Note"), change) for change in changes_against_decision(training)]
    return lines
