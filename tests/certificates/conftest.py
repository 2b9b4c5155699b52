import pytest

from events.models import EvaluationSubmission
from tests.events.conftest import make_training, training_index  # noqa: F401
from tests.factories import RegistrationFactory


@pytest.fixture
def held_training(make_training):  # noqa: F811
    """An accredited training that was held yesterday."""
    return make_training(
        days=-1,
        status="held",
        accreditation_number="153-02-00777/2025-01",
        points_passive=3,
        points_active=6,
    )


@pytest.fixture
def attend():
    def make(training, user, *, form="passive", checked_in=True, evaluated=False):
        registration = RegistrationFactory(
            training=training, user=user, participation_form=form, checked_in=checked_in
        )
        if evaluated:
            EvaluationSubmission.objects.create(
                training=training, registration=registration
            )
        return registration

    return make


@pytest.fixture
def licensed(make_user):
    return make_user(email="licenca@example.org", licence_number="12345")
