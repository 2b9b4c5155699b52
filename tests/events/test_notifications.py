import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Registration


def register(training, user):
    return services.registration_create(
        training=training,
        user=user,
        consent_data=True,
        consent_chamber=True,
        notify=False,
    )


def publish_change(training, **changes):
    for field, value in changes.items():
        setattr(training, field, value)
    training.save_revision().publish()


def test_a_published_new_date_is_announced_with_the_updated_calendar_file(
    training, people, django_capture_on_commit_callbacks
):
    register(training, people[0])
    register(training, people[1])
    registration = register(training, people[2])
    services.registration_cancel(registration=registration)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publish_change(
            training,
            start=training.start + datetime.timedelta(days=7),
            end=training.end + datetime.timedelta(days=7),
            status="changed",
            change_reason="Сала није доступна.",
        )

    assert sorted(m.to[0] for m in mail.outbox) == [p.email for p in people[:2]]
    assert "Сала није доступна." in mail.outbox[0].body
    ics = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert ics.walk("VEVENT")[0]["SEQUENCE"] == 1


def test_publishing_without_a_calendar_change_tells_no_one(
    training, people, django_capture_on_commit_callbacks
):
    register(training, people[0])

    with django_capture_on_commit_callbacks(execute=True):
        publish_change(training, partners="Црвени крст")

    assert mail.outbox == []


def test_a_cancelled_training_is_announced(
    training, people, django_capture_on_commit_callbacks
):
    register(training, people[0])

    with django_capture_on_commit_callbacks(execute=True):
        publish_change(training, status="cancelled")

    assert len(mail.outbox) == 1
    ics = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert ics.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_reminders_go_once_to_confirmed_people_the_day_before(
    make_training, people, django_capture_on_commit_callbacks
):
    tomorrow = make_training(days=0.8, registration_closes=None, capacity=1)
    later = make_training(days=5)
    register(tomorrow, people[0])
    register(tomorrow, people[1])  # waiting list
    register(later, people[2])

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_training_reminders", stdout=None)
        call_command("send_training_reminders", stdout=None)

    assert [m.to for m in mail.outbox] == [[people[0].email]]
    assert Registration.objects.filter(reminded_at__isnull=False).count() == 1


def test_reminders_skip_trainings_that_have_started(make_training, people):
    training = make_training(days=1, registration_closes=None)
    register(training, people[0])

    assert services.reminders_send(now=timezone.now() + datetime.timedelta(days=2)) == 0


def test_the_first_page_view_of_the_hour_sends_due_reminders_once(
    client, make_training, people, django_capture_on_commit_callbacks, settings
):
    settings.PERIODIC_TASKS_ON_REQUEST = True
    tomorrow = make_training(days=0.8, registration_closes=None)
    register(tomorrow, people[0])

    with django_capture_on_commit_callbacks(execute=True):
        client.get("/")
        client.get("/")

    assert [m.to for m in mail.outbox] == [[people[0].email]]
    register(tomorrow, people[1])
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/")

    # Within the same hour nothing more is sent; the next hour will.
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", "--force", stdout=None)
    assert [m.to for m in mail.outbox][-1] == [people[1].email]


def test_marking_a_training_held_tells_no_one(
    training, people, django_capture_on_commit_callbacks
):
    register(training, people[0])

    with django_capture_on_commit_callbacks(execute=True):
        publish_change(training, status="held")

    assert mail.outbox == []


def test_a_new_title_or_text_tells_no_one(
    training, people, django_capture_on_commit_callbacks
):
    register(training, people[0])

    with django_capture_on_commit_callbacks(execute=True):
        publish_change(
            training,
            title="Нови наслов",
            intro="<p>Нови увод</p>",
            change_reason="Исправка",
            status="changed",
        )

    assert mail.outbox == []


def test_a_new_date_reaches_confirmed_and_waitlisted_people_once(
    training, people, django_capture_on_commit_callbacks
):
    for person in people[:4]:  # three seats: the fourth waits
        register(training, person)
    later = training.start + datetime.timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        publish_change(training, start=later, end=later + datetime.timedelta(hours=6))
    with django_capture_on_commit_callbacks(execute=True):
        training.refresh_from_db()
        training.save_revision().publish()  # published again, nothing new

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:4])
    assert all("Измењена обука" in m.subject for m in mail.outbox)


def test_a_new_venue_is_announced(training, people, django_capture_on_commit_callbacks):
    register(training, people[0])

    with django_capture_on_commit_callbacks(execute=True):
        publish_change(training, venue_name="Сала Градске куће")

    assert [m.to for m in mail.outbox] == [[people[0].email]]
