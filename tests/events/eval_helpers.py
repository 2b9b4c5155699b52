"""Trainings that have been held, with people checked in (evaluations, exports)."""

import datetime

from django.utils import timezone

from events import services
from events.evaluations import services as evaluations
from events.models import RATED_FIELDS
from tests.conftest import PASSWORD


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def attend(training, user, by, participation_form="passive"):
    """Register ``user`` and check them in; returns the registration."""
    registration = services.registration_create(
        training=training,
        user=user,
        participation_form=participation_form,
        consent_data=True,
        consent_chamber=True,
        staff=True,
        notify=False,
    )
    services.checkin_record(registration=registration, by=by)
    registration.refresh_from_db()
    return registration


def held_training(make_training, **fields):
    """A training that ended an hour ago."""
    training = make_training(days=0, capacity=500, registration_closes=None, **fields)
    training.start = timezone.now() - datetime.timedelta(hours=7)
    training.end = timezone.now() - datetime.timedelta(hours=1)
    training.save()
    return training


def answer(registration, rating=5, **texts):
    evaluations.evaluation_submit(
        registration=registration,
        ratings=dict.fromkeys(RATED_FIELDS, rating),
        texts=texts,
    )


def form_post(rating=5, **texts):
    data = {field: str(rating) for field in RATED_FIELDS}
    data.update(texts)
    return data
