"""300 people register at once for 196 seats (the Belgrade training of 2025)."""

import threading
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

PEOPLE = 300
SEATS = 196
# PostgreSQL allows 100 connections by default; other sessions need some.
WORKERS = 60  # PEOPLE is a multiple of WORKERS: every wave fills the barrier


def test_simultaneous_registrations_fill_exactly_the_seats(make_training):
    training = make_training(capacity=SEATS)
    users = [
        User.objects.create_user(email=f"u{i:03d}@example.org", password=None)
        for i in range(PEOPLE)
    ]
    start = threading.Barrier(WORKERS)
    errors = []

    def register(user):
        try:
            start.wait(timeout=30)  # release each wave of workers together
            services.registration_create(
                training=training,
                user=user,
                consent_data=True,
                consent_chamber=True,
                notify=False,
            )
        except Exception as error:  # noqa: BLE001 — every error fails the test
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(register, users))

    assert errors == []
    registrations = list(training.registrations.order_by("created_at", "pk"))
    assert len(registrations) == PEOPLE
    assert len({r.user_id for r in registrations}) == PEOPLE
    statuses = [r.status for r in registrations]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == PEOPLE - SEATS
    # Arrival order: everyone confirmed came before everyone waiting.
    assert statuses == ["confirmed"] * SEATS + ["waitlisted"] * (PEOPLE - SEATS)
