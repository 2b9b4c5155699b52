import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import services
from events.models import RegistrationStatus, TrainingPage
from tests.factories import RegistrationFactory


def register(training, user, **kwargs):
    return services.registration_create(
        training=training,
        user=user,
        consent_data=True,
        consent_chamber=True,
        **kwargs,
    )


def test_seats_are_confirmed_then_waitlisted_in_arrival_order(training, people):
    registrations = [register(training, person) for person in people[:5]]

    assert [r.status for r in registrations] == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    waiting = list(training.registrations.waitlisted())
    assert [r.user for r in waiting] == people[3:5]


def test_confirmed_never_exceed_capacity(training, people):
    for person in people:
        register(training, person)

    assert training.registrations.confirmed().count() == training.capacity == 3
    assert training.registrations.waitlisted().count() == 7


def test_cancelling_a_seat_promotes_the_first_waitlisted(
    training, people, django_capture_on_commit_callbacks
):
    first, *_ = [register(training, p) for p in people[:3]]
    waiting_1 = register(training, people[3])
    register(training, people[4])

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=first)

    assert [r.pk for r in promoted] == [waiting_1.pk]
    waiting_1.refresh_from_db()
    assert waiting_1.status == "confirmed"
    assert waiting_1.promoted_at is not None
    assert training.registrations.confirmed().count() == 3
    assert len(mail.outbox) == 2  # cancellation and promotion
    assert mail.outbox[0].to == [people[0].email]
    assert mail.outbox[1].to == [people[3].email]
    assert mail.outbox[1].attachments[0][0].endswith(".ics")


def test_no_promotion_within_the_cutoff_before_the_start(make_training, people):
    training = make_training(
        days=0.5, promotion_cutoff_hours=24, registration_closes=None
    )
    registrations = [register(training, p) for p in people[:4]]

    services.registration_cancel(registration=registrations[0], staff=True)

    registrations[3].refresh_from_db()
    assert registrations[3].status == "waitlisted"
    assert training.registrations.confirmed().count() == 2


def test_registration_after_closing_is_refused_except_for_staff(make_training, people):
    training = make_training(
        registration_closes=timezone.now() - datetime.timedelta(hours=1)
    )

    with pytest.raises(services.RegistrationError) as error:
        register(training, people[0])
    assert error.value.code == "closed"
    assert not training.registrations.exists()

    registration = services.registration_create(
        training=training,
        user=people[0],
        consent_data=False,  # staff cannot consent for the person
        consent_chamber=False,
        staff=True,
        source="staff",
    )
    assert registration.status == "confirmed"


def test_registration_before_opening_is_refused(make_training, people):
    training = make_training(
        registration_opens=timezone.now() + datetime.timedelta(days=2)
    )

    with pytest.raises(services.RegistrationError):
        register(training, people[0])


def test_a_second_active_registration_is_refused(training, people):
    register(training, people[0])

    with pytest.raises(services.RegistrationError) as error:
        register(training, people[0])
    assert error.value.code == "duplicate"


def test_the_database_allows_one_active_registration_per_person(training, people):
    RegistrationFactory(training=training, user=people[0])

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(
            training=training, user=people[0], status=RegistrationStatus.WAITLISTED
        )


def test_a_cancelled_registration_does_not_block_registering_again(training, people):
    registration = register(training, people[0])
    services.registration_cancel(registration=registration)

    again = register(training, people[0])

    assert again.status == "confirmed"
    assert training.registrations.filter(user=people[0]).count() == 2


def test_restricted_training_refuses_other_systems(make_training, people):
    from lms.models import System

    training = make_training(restrict_to_target_systems=True)
    training.target_systems.set([System.objects.get(key="health")])
    training.save()

    with pytest.raises(services.RegistrationError):
        register(training, people[0])


def test_confirmation_email_has_the_calendar_file_and_qr(
    training, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(training, people[0])

    message = mail.outbox[0]
    names = [a[0] for a in message.attachments]
    assert names == [f"obuka-{training.pk}.ics", "qr-kod.png"]
    assert "BEGIN:VEVENT" in message.attachments[0][1]


def test_email_is_sent_only_after_commit(training, people):
    register(training, people[0])  # the test transaction never commits

    assert mail.outbox == []


def test_participant_cannot_cancel_after_the_deadline(make_training, people):
    training = make_training()
    registration = register(training, people[0])
    training.registration_closes = timezone.now() - datetime.timedelta(minutes=1)
    training.save()

    with pytest.raises(services.RegistrationError):
        services.registration_cancel(registration=registration)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_end_before_start_is_refused_by_validation_and_the_database(
    make_training, training
):
    with pytest.raises(ValidationError):
        make_training(end=timezone.now() - datetime.timedelta(days=30))

    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingPage.objects.filter(pk=training.pk).update(
            end=training.start - datetime.timedelta(hours=1)
        )
