"""A walk-in form sent several times at once (a double tap on a slow phone)."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from events import services
from lms.models import User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; the race only exists on PostgreSQL",
    ),
]

COPIES = 8


@pytest.mark.parametrize("email", ["", "istovremeno@example.org"])
def test_simultaneous_copies_of_one_walk_in_form_add_one_person(
    make_training, trainer, email
):
    training = make_training(days=1 / 24, registration_closes=None)
    token = uuid.uuid4()
    start = threading.Barrier(COPIES)
    users_before = User.objects.count()
    results, errors = [], []

    def submit(_):
        try:
            start.wait(timeout=30)
            results.append(
                services.walkin_create(
                    training=training,
                    first_name="Петар",
                    last_name="Петровић",
                    email=email,
                    token=token,
                    consent_data=True,
                    consent_chamber=True,
                    by=trainer,
                )
            )
        except Exception as error:  # noqa: BLE001 — every error fails the test
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=COPIES) as pool:
        list(pool.map(submit, range(COPIES)))

    assert errors == []
    assert User.objects.count() == users_before + 1
    registration = training.registrations.get()
    assert registration.checked_in_at is not None
    assert sum(result.created for result in results) == 1
    assert sum(result.repeated for result in results) == COPIES - 1
    assert {result.registration.pk for result in results} == {registration.pk}


def test_simultaneous_walk_ins_of_different_people_all_get_in(make_training, trainer):
    training = make_training(days=1 / 24, registration_closes=None, capacity=1)
    start = threading.Barrier(COPIES)
    errors = []

    def submit(n):
        try:
            start.wait(timeout=30)
            services.walkin_create(
                training=training,
                first_name=f"Особа{n}",
                last_name="Петровић",
                email=f"osoba{n}@example.org",
                token=uuid.uuid4(),
                consent_data=True,
                by=trainer,
            )
        except Exception as error:  # noqa: BLE001 — every error fails the test
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=COPIES) as pool:
        list(pool.map(submit, range(COPIES)))

    assert errors == []
    assert training.registrations.checked_in().count() == COPIES
