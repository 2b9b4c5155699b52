import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.exports.attendance import attendance_rows
from lms.models import User
from tests.helpers import sr

WALKIN_CONSENT = (
    "A walk-in is added only if they agree, by ticking it themselves, that the "
    "Centre processes their data for this training."
)


@pytest.fixture
def training(make_training):
    """A training starting within the hour: check-in is open."""
    return make_training(days=1 / 24, registration_closes=None)


def walk_in(training, by, token=None, email="", consent_chamber=True, **fields):
    return services.walkin_create(
        training=training,
        first_name=fields.pop("first_name", "Петар"),
        last_name=fields.pop("last_name", "Петровић"),
        email=email,
        token=token or uuid.uuid4(),
        consent_data=fields.pop("consent_data", True),
        consent_chamber=consent_chamber,
        by=by,
    )


def refusal(call) -> str:
    try:
        call()
    except services.RegistrationError as error:
        return " ".join(error.messages)
    raise AssertionError("not refused")


def register(training, user):
    return services.registration_create(
        training=training, user=user, consent_data=True, consent_chamber=True
    )


def test_checking_in_twice_is_harmless_and_says_so(training, people, trainer):
    registration = register(training, people[0])

    first = services.checkin_record(registration=registration, by=trainer)
    second = services.checkin_record(registration=registration, by=trainer)

    assert first.created is True
    assert second.created is False
    assert second.checked_in_at == first.checked_in_at
    registration.refresh_from_db()
    assert registration.checked_in_by == trainer


def test_a_waitlisted_registration_is_not_checked_in(training, people, trainer):
    for person in people[:3]:
        register(training, person)
    waiting = register(training, people[3])

    try:
        services.checkin_record(registration=waiting, by=trainer)
    except services.RegistrationError:
        pass
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_walk_in_gets_a_minimal_account_and_is_checked_in(training, people, trainer):
    for person in people[:3]:
        register(training, person)  # the training is full

    result = walk_in(training, trainer)

    registration = result.registration
    assert result.created
    assert registration.source == "walk_in"
    assert registration.status == "confirmed"
    assert registration.user.first_name == "Петар"
    assert not registration.user.has_usable_password()


def test_the_same_walk_in_twice_is_one_registration(training, trainer):
    for _ in range(2):
        result = walk_in(training, trainer, email="petar@example.org")

    assert training.registrations.count() == 1
    assert result.created is False


@pytest.mark.parametrize("email", ["", "petar@example.org"])
def test_a_walk_in_form_sent_twice_is_one_person_registration_and_check_in(
    training, trainer, email
):
    token = uuid.uuid4()
    users_before = User.objects.count()

    first = walk_in(training, trainer, token=token, email=email)
    second = walk_in(training, trainer, token=token, email=email)

    assert first.created and not first.repeated
    assert second.repeated and not second.created
    assert User.objects.count() == users_before + 1
    registration = training.registrations.get()
    assert second.registration.pk == registration.pk
    assert registration.checked_in_at == first.checked_in_at


def test_two_different_walk_ins_without_e_mail_are_two_people(training, trainer):
    walk_in(training, trainer, first_name="Ана")
    walk_in(training, trainer, first_name="Ана")  # a namesake, a new form

    assert training.registrations.checked_in().count() == 2


@pytest.mark.parametrize("status", ["held", "cancelled"])
def test_a_walk_in_on_a_closed_training_is_refused_and_stores_nothing(
    training, trainer, status
):
    training.status = status
    training.save()
    users_before = User.objects.count()

    message = refusal(lambda: walk_in(training, trainer, email="novi@example.org"))

    assert message in (
        sr("This training is marked as held: check-in is closed."),
        sr("This training was cancelled: no one can be checked in."),
    )
    assert User.objects.count() == users_before
    assert not training.registrations.exists()


def test_check_in_26_days_before_the_training_is_refused(
    make_training, people, trainer
):
    early = make_training(days=26)
    registration = register(early, people[0])

    message = refusal(
        lambda: services.checkin_record(registration=registration, by=trainer)
    )

    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert (
        sr("Check-in opens on %(date)s, the day before the training.").split(
            "%(date)s"
        )[0]
        in message
    )


def test_check_in_opens_the_day_before_and_closes_after_the_end(
    training, people, trainer, settings
):
    settings.CHECKIN_HOURS_AFTER_END = 12
    registration = register(training, people[0])
    opens, closes = services.checkin_window(training)

    assert timezone.localtime(opens).date() == (
        timezone.localtime(training.start).date() - datetime.timedelta(days=1)
    )
    assert closes == training.end + datetime.timedelta(hours=12)
    training.start -= datetime.timedelta(days=2)
    training.end = timezone.now() - datetime.timedelta(hours=13)
    training.save()
    registration.refresh_from_db()
    refusal(lambda: services.checkin_record(registration=registration, by=trainer))
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_checking_in_someone_already_in_on_a_held_training_says_so(
    training, people, trainer
):
    registration = register(training, people[0])
    first = services.checkin_record(registration=registration, by=trainer)
    training.status = "held"
    training.save()
    registration.refresh_from_db()

    again = services.checkin_record(registration=registration, by=trainer)

    assert again.created is False
    assert again.checked_in_at == first.checked_in_at


def test_a_walk_in_must_tick_the_data_consent_themselves(training, trainer):
    users_before = User.objects.count()

    message = refusal(lambda: walk_in(training, trainer, consent_data=False))

    assert message == sr(WALKIN_CONSENT)
    assert User.objects.count() == users_before
    assert not training.registrations.exists()


def test_a_walk_in_keeps_exactly_the_consents_they_ticked(
    make_training, trainer, django_capture_on_commit_callbacks
):
    training = make_training(
        days=1 / 24, registration_closes=None, accreditation_number="153-1"
    )

    with django_capture_on_commit_callbacks(execute=True):
        both = walk_in(training, trainer, first_name="Ана", email="ana@example.org")
        data_only = walk_in(
            training,
            trainer,
            first_name="Бранко",
            email="branko@example.org",
            consent_chamber=False,
        )

    assert both.registration.has_consented
    assert both.registration.consent_source == "walk_in"
    assert data_only.registration.consent_data is True
    assert data_only.registration.consent_chamber is False
    assert [row.first_name for row in attendance_rows(training=training)] == ["Ана"]
    # Only the one who has not consented is asked, by e-mail.
    assert [m.to for m in mail.outbox] == [["branko@example.org"]]


def test_a_stale_form_token_sent_for_someone_else_adds_them(training, trainer):
    token = uuid.uuid4()
    walk_in(training, trainer, token=token, first_name="Ана")

    other = walk_in(training, trainer, token=token, first_name="Вера")

    assert other.created and not other.repeated
    assert sorted(r.user.first_name for r in training.registrations.all()) == [
        "Ана",
        "Вера",
    ]


def test_a_person_added_by_staff_who_walks_in_gives_consent_on_the_form(
    training, people, trainer
):
    registration = services.registration_create(
        training=training,
        user=people[0],
        consent_data=False,
        consent_chamber=False,
        source="staff",
        staff=True,
        notify=False,
    )

    result = walk_in(training, trainer, email=people[0].email)

    assert result.registration.pk == registration.pk and result.created
    registration.refresh_from_db()
    assert registration.has_consented and registration.consent_source == "walk_in"
