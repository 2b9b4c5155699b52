import datetime
import itertools

import pytest
from django.utils import timezone

from events.models import TrainerProfile, TrainingIndexPage, TrainingPage
from lms.models import Municipality

_numbers = itertools.count(1)


@pytest.fixture
def training_index(home_page):
    index = TrainingIndexPage.objects.first()
    if index is None:
        index = home_page.add_child(
            instance=TrainingIndexPage(title="Календар обука", slug="kalendar")
        )
    return index


@pytest.fixture
def make_training(training_index):
    """Create a published training starting ``days`` from now."""

    def make(days=14, capacity=3, city="Ниш", **fields):
        number = next(_numbers)
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
        values = {
            "title": f"Обука {number}",
            "slug": f"obuka-{number}",
            "start": start,
            "end": start + datetime.timedelta(hours=6),
            "venue_name": "Сала Скупштине",
            "municipality": Municipality.objects.local_self_government_units().get(
                name=city
            ),
            "capacity": capacity,
            "registration_closes": start - datetime.timedelta(days=1),
            **fields,
        }
        return training_index.add_child(instance=TrainingPage(**values))

    return make


@pytest.fixture
def training(make_training):
    return make_training()


@pytest.fixture
def people(make_user):
    """Ten participants with complete profiles."""
    return [
        make_user(email=f"osoba{i}@example.org", first_name=f"Особа{i}")
        for i in range(10)
    ]


@pytest.fixture
def trainer_profile(trainer):
    return TrainerProfile.objects.create(name="Тодор Тренер", user=trainer)


@pytest.fixture
def own_training(make_training, trainer_profile):
    """A training on which ``trainer`` lectures, starting within the hour.

    Check-in is open (from the day before); registration until the start.
    """
    training = make_training(days=1 / 24, registration_closes=None)
    training.lecturers.add(trainer_profile)
    training.save()
    return training
