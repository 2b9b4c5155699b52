import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Registration
from lms.models import User
from tests.conftest import PASSWORD
from tests.helpers import sr


def register(training, user):
    return services.registration_create(
        training=training, user=user, consent_data=True, consent_chamber=True
    )


def input_tag(html: str, attribute: str) -> str:
    """The <input> tag that has ``attribute``."""
    return next(t for t in re.findall(r"<input[^>]*>", html) if attribute in t)


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_calendar_lists_upcoming_trainings_with_seats(client, make_training):
    training = make_training(capacity=40)
    past = make_training(days=-40, registration_closes=None)

    response = client.get(training.get_parent().url)

    assert response.status_code == 200
    html = response.content.decode()
    assert training.title in html
    assert past.title not in html
    assert "40" in html


def test_calendar_past_and_filters(client, make_training):
    nis = make_training(city="Ниш")
    pirot = make_training(city="Пирот")
    past = make_training(days=-40, registration_closes=None)
    index_url = nis.get_parent().url

    by_city = client.get(index_url, {"q": "pirot"}).content.decode()
    by_district = client.get(
        index_url, {"district": nis.municipality.district_id}
    ).content.decode()
    past_html = client.get(index_url, {"past": "on"}).content.decode()

    assert pirot.title in by_city and nis.title not in by_city
    assert nis.title in by_district and pirot.title not in by_district
    assert past.title in past_html and nis.title not in past_html


def test_month_grid_shows_the_training_on_its_day(client, make_training):
    training = make_training(days=20)
    month = timezone.localtime(training.start).strftime("%Y-%m")

    response = client.get(training.get_parent().url + "mesec/", {"month": month})

    assert response.status_code == 200
    assert training.url in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_calendar_runs_a_constant_number_of_queries(
    client, make_training, people, count, django_assert_max_num_queries
):
    trainings = [make_training(days=10 + i) for i in range(count)]
    for training in trainings[:3]:
        register(training, people[0])
    url = trainings[0].get_parent().url

    # 15: one of them reads the footer's contacts of the Centre, once per
    # process and hour (lms.contacts); the tests start with an empty cache.
    with django_assert_max_num_queries(15):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count('class="card training-card') == min(
        count, 20
    )


def test_calendar_pages_through_many_trainings_keeping_filters(client, make_training):
    trainings = [make_training(days=10 + i) for i in range(22)]
    url = trainings[0].get_parent().url

    second = client.get(url, {"q": "Обука", "strana": 2}).content.decode()

    assert second.count('class="card training-card') == 2
    assert "q=%D0%9E%D0%B1%D1%83%D0%BA%D0%B0&amp;strana=1" in second


def test_the_whole_feed_shows_a_published_change(client, training):
    url = reverse("events:calendar_feed")
    client.get(url)  # cached now
    training.start += datetime.timedelta(days=1)
    training.end += datetime.timedelta(days=1)
    training.save_revision().publish()

    event = Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]

    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == training.start


def test_training_page_shows_seats_deadline_and_calendar_link(client, training):
    response = client.get(training.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("events:training_feed", args=[training.pk]) in html
    assert "3" in html  # seats left


def test_full_training_offers_the_waiting_list(client, training, people):
    for person in people[:3]:
        register(training, person)
    login(client, people[5])

    html = client.get(training.url).content.decode()

    assert 'class="badge badge--warn"' in html


def test_registering_through_the_form(
    client, training, participant, django_capture_on_commit_callbacks
):
    login(client, participant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            training.url + "registracija/",
            {
                "participation_form": "active",
                "consent_data": "on",
                "consent_chamber": "on",
            },
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("events:my_trainings")
    registration = Registration.objects.get(user=participant)
    assert registration.participation_form == "active"
    assert registration.consented_at is not None


def test_missing_consent_keeps_what_was_typed(client, training, participant):
    login(client, participant)

    response = client.post(
        training.url + "registracija/",
        {"participation_form": "active", "consent_data": "on"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert sr("Without this consent we cannot register you.") in html
    assert "checked" in input_tag(html, 'value="active"')
    assert "checked" in input_tag(html, 'name="consent_data"')
    assert "checked" not in input_tag(html, 'name="consent_chamber"')
    assert not Registration.objects.exists()


def test_registration_after_closing_shows_an_error_and_keeps_input(
    client, make_training, participant
):
    training = make_training(
        registration_closes=timezone.now() - datetime.timedelta(minutes=5)
    )
    login(client, participant)

    response = client.post(
        training.url + "registracija/",
        {"participation_form": "active", "consent_data": "on", "consent_chamber": "on"},
    )

    assert response.status_code == 400
    assert sr("Registration for this training is closed.") in (
        response.content.decode()
    )
    assert not Registration.objects.exists()


def test_registration_needs_a_complete_profile(client, training, make_user):
    user = make_user(email="nova@example.org", complete=False)
    login(client, user)

    response = client.post(
        training.url + "registracija/",
        {
            "participation_form": "passive",
            "consent_data": "on",
            "consent_chamber": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/profile/")
    assert not Registration.objects.exists()


def test_anonymous_visitor_is_asked_to_log_in(client, training):
    response = client.post(training.url + "registracija/", {})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_trainings_shows_qr_and_waitlist_position(client, training, people):
    for person in people[:4]:
        register(training, person)
    waiting = register(training, people[4])
    login(client, people[4])

    html = client.get(reverse("events:my_trainings")).content.decode()

    assert "2" in html
    assert waiting.checkin_token not in html  # no QR while waiting
    login(client, people[0])
    html = client.get(reverse("events:my_trainings")).content.decode()
    assert "<svg" in html
    assert Registration.objects.get(user=people[0]).checkin_token in html


def test_cancelling_from_my_trainings_promotes_the_waitlist(client, training, people):
    mine = register(training, people[0])
    for person in people[1:4]:
        register(training, person)
    login(client, people[0])

    response = client.post(reverse("events:registration_cancel", args=[mine.pk]))

    assert response.status_code == 302
    assert training.registrations.confirmed().count() == 3
    assert Registration.objects.get(user=people[3]).status == "confirmed"


def test_a_person_cannot_cancel_someone_elses_registration(client, training, people):
    other = register(training, people[1])
    login(client, people[0])

    response = client.post(reverse("events:registration_cancel", args=[other.pk]))

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "confirmed"


def test_ical_feed_parses_with_belgrade_time_and_stable_uids(
    client, make_training, settings
):
    settings.SITE_URL = "https://obuke.example.rs"
    first = make_training()
    second = make_training(days=20)

    response = client.get(reverse("events:calendar_feed"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)

    events = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {
        f"training-{first.pk}@obuke.example.rs",
        f"training-{second.pk}@obuke.example.rs",
    }
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Belgrade"]
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Belgrade"
    assert events[0].decoded("DTSTART") == first.start


def test_changing_a_training_bumps_the_sequence_keeps_the_uid(client, training):
    before = Calendar.from_ical(
        client.get(reverse("events:training_feed", args=[training.pk])).content
    )
    training.start += datetime.timedelta(days=1)
    training.end += datetime.timedelta(days=1)
    training.save()

    after = Calendar.from_ical(
        client.get(reverse("events:training_feed", args=[training.pk])).content
    )

    old, new = before.walk("VEVENT")[0], after.walk("VEVENT")[0]
    assert old["UID"] == new["UID"]
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1


def test_dashboard_panel_lists_my_next_training(client, training, participant):
    register(training, participant)
    login(client, participant)

    html = client.get(reverse("dashboard")).content.decode()

    assert training.title in html


def test_personal_data_includes_registrations(client, training, participant):
    register(training, participant)
    login(client, participant)

    data = client.get(reverse("personal_data")).json()

    assert data["trainings"][0]["training"] == training.title


def test_deleting_an_account_anonymises_accredited_attendance(
    make_training, people, trainer
):
    from lms.services import account_delete

    accredited = make_training(
        days=1 / 24, registration_closes=None, accreditation_number="153-02-123/2026"
    )
    plain = make_training()
    kept = register(accredited, people[0])
    services.checkin_record(registration=kept, by=trainer)
    register(plain, people[0])

    account_delete(user=people[0])

    assert not User.objects.filter(pk=people[0].pk).exists()
    kept.refresh_from_db()
    assert kept.user is None and kept.anonymised_at is not None
    assert kept.status == "confirmed"
    assert kept.attendance.system.key == "social_protection"
    assert kept.checked_in_at is not None
    assert not plain.registrations.exists()


def test_deleting_an_account_gives_its_seats_to_the_waiting_list(training, people):
    from lms.services import account_delete

    for person in people[:4]:
        register(training, person)

    account_delete(user=people[0])

    assert Registration.objects.get(user=people[3]).status == "confirmed"
    assert training.registrations.confirmed().count() == 3
