"""What the training services share: the row lock, e-mail at commit, the error."""

import logging

from django.core.exceptions import ValidationError

from events.emails import registration_email_send
from events.models import (
    Registration,
    TrainingPage,
)

# One logger for the training services, whichever module logs.
logger = logging.getLogger("events.services")


class RegistrationError(ValidationError):
    """A registration the rules do not allow; the message is for the person."""


def _locked(training: TrainingPage) -> TrainingPage:
    return TrainingPage.objects.select_for_update().get(pk=training.pk)


def _email_on_commit(registration: Registration, kind: str) -> None:
    # Into the outbox in this transaction (one insert; built and sent after
    # the commit, exactly once, never for a change that was rolled back).
    registration_email_send(registration, kind=kind)
