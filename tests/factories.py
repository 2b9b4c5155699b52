"""factory_boy factories for rows a test builds directly, without a service.

Services (``events.services.registration_create`` and the like) stay the way to
make data that goes through the rules; these factories are for the fixtures that
describe a state (an attendance imported, a row the database must refuse).
"""

import factory
from django.utils import timezone

from events.models import ParticipationForm, Registration, RegistrationStatus
from lms.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """An account without a verified address or a complete profile."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"osoba-{n}@example.org")
    first_name = "Особа"
    last_name = factory.Sequence(str)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration with both consents; pass ``training``."""

    class Meta:
        model = Registration

    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.CONFIRMED
    participation_form = ParticipationForm.PASSIVE
    consent_data = True
    consent_chamber = True

    class Params:
        checked_in = factory.Trait(checked_in_at=factory.LazyFunction(timezone.now))
