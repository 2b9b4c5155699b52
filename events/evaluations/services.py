"""Evaluation questionnaires: when they are open, who may answer, and answering.

The answer and the fact of answering are written in one transaction but in two
tables that share nothing but the training: ``EvaluationResponse`` (what was
answered, no person, only the date) and ``EvaluationSubmission`` (who has
answered, not what). A second answer is refused by the submission's unique
constraint, so two quick taps cannot both count.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.conf import evaluation_open_days
from events.models import (
    FREE_TEXT_FIELDS,
    RATED_FIELDS,
    EvaluationForm,
    EvaluationResponse,
    EvaluationSubmission,
    EvaluationTemplate,
    Registration,
    RegistrationStatus,
    TrainingPage,
)


class EvaluationError(ValidationError):
    """An answer the rules do not allow; the message is for the person."""


@dataclass(frozen=True)
class EvaluationWindow:
    opens: datetime.datetime
    closes: datetime.datetime

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens <= now < self.closes


def evaluation_form_get(*, training: TrainingPage) -> EvaluationForm:
    """The training's questionnaire settings (created with the defaults)."""
    form, _created = EvaluationForm.objects.get_or_create(
        training=training, defaults={"open_days": evaluation_open_days()}
    )
    return form


def evaluation_window(*, training: TrainingPage) -> EvaluationWindow:
    """From the end of the training (or opening in the room) for ``open_days``."""
    form = EvaluationForm.objects.filter(training=training).first()
    open_days = form.open_days if form else evaluation_open_days()
    opens = training.end
    if form and form.opened_at and form.opened_at < opens:
        opens = form.opened_at
    return EvaluationWindow(
        opens=opens, closes=training.end + datetime.timedelta(days=open_days)
    )


def evaluation_open(*, training: TrainingPage) -> EvaluationForm:
    """The trainer opens the questionnaire in the room, before the end."""
    form = evaluation_form_get(training=training)
    if form.opened_at is None:
        form.opened_at = timezone.now()
        form.save(update_fields=["opened_at"])
    return form


def evaluation_template_apply(
    *, training: TrainingPage, template: EvaluationTemplate | None
) -> EvaluationForm:
    """Add a template's questions after the standard ones (copied, not linked)."""
    form = evaluation_form_get(training=training)
    if EvaluationResponse.objects.filter(training=training).exists():
        raise EvaluationError(_("The questionnaire already has answers."))
    form.template = template
    form.extra_questions = (
        [
            {"key": f"q{q.pk}", "text": q.text, "kind": q.kind}
            for q in template.questions.all()
        ]
        if template
        else []
    )
    form.save(update_fields=["template", "extra_questions"])
    return form


def evaluation_registration(*, training: TrainingPage, user) -> Registration | None:
    """The person's checked-in registration for the training, if any."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.checked_in()
        .filter(training=training, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def evaluation_check_allowed(
    *, training: TrainingPage, registration: Registration | None, now=None
) -> None:
    """Raise ``EvaluationError`` unless this registration may answer now."""
    if registration is None or registration.checked_in_at is None:
        raise EvaluationError(
            _("Only participants who were checked in at the training can answer."),
            code="not_checked_in",
        )
    window = evaluation_window(training=training)
    now = now or timezone.now()
    if now < window.opens:
        raise EvaluationError(
            _("The questionnaire opens when the training ends."), code="not_open"
        )
    if now >= window.closes:
        raise EvaluationError(_("The questionnaire is closed."), code="closed")
    if EvaluationSubmission.objects.filter(registration=registration).exists():
        raise EvaluationError(
            _("You have already answered this questionnaire. Thank you!"),
            code="duplicate",
        )


def evaluation_state(
    *, training: TrainingPage, registration: Registration | None, now=None
) -> str:
    """What the person can do with the questionnaire now, so pages offer the
    link only while it leads somewhere: "open", "answered", "closed",
    "not_open" (the training has not ended) or "not_checked_in"."""
    try:
        evaluation_check_allowed(training=training, registration=registration, now=now)
    except EvaluationError as error:
        return "answered" if error.code == "duplicate" else error.code
    return "open"


def evaluation_submitted(*, registration: Registration) -> bool:
    """Whether the person has answered (e.g. to issue a certificate), never what."""
    return EvaluationSubmission.objects.filter(registration=registration).exists()


def evaluation_submit(
    *,
    registration: Registration,
    ratings: dict[str, int],
    texts: dict[str, str] | None = None,
    extra_answers: list[dict] | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Store an anonymous answer and record that the person has answered.

    Returns nothing on purpose: no caller should hold the answer next to the
    person who gave it.
    """
    training = registration.training
    evaluation_check_allowed(training=training, registration=registration, now=now)
    if set(ratings) != set(RATED_FIELDS) or not all(
        isinstance(v, int) and 1 <= v <= 5 for v in ratings.values()
    ):
        raise EvaluationError(_("Rate each of the five items from 1 to 5."))
    texts = {k: (texts or {}).get(k, "").strip()[:4000] for k in FREE_TEXT_FIELDS}
    try:
        with transaction.atomic():
            EvaluationSubmission.objects.create(
                training=training, registration=registration
            )
            EvaluationResponse.objects.create(
                training=training,
                submitted_on=timezone.localdate(now or timezone.now()),
                extra_answers=extra_answers or [],
                **ratings,
                **texts,
            )
    except IntegrityError as error:
        raise EvaluationError(
            _("You have already answered this questionnaire. Thank you!"),
            code="duplicate",
        ) from error
