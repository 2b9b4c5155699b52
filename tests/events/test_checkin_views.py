import re
import uuid

import pytest
from django.urls import reverse

from events import services
from lms.roles import TRAINER
from tests.conftest import PASSWORD
from tests.helpers import sr_fragment


def register(training, user):
    return services.registration_create(
        training=training, user=user, consent_data=True, consent_chamber=True
    )


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def staff_urls(training):
    return [
        ("get", reverse("events:checkin", args=[training.pk])),
        ("post", reverse("events:checkin_submit", args=[training.pk])),
        ("post", reverse("events:walkin", args=[training.pk])),
        ("get", reverse("events:attendance_sheet", args=[training.pk])),
    ]


def test_a_participant_gets_403_on_checkin_and_attendance(
    client, training, participant
):
    login(client, participant)

    for method, url in staff_urls(training):
        assert getattr(client, method)(url).status_code == 403, url


def test_a_trainer_gets_403_for_someone_elses_training(client, training, trainer):
    login(client, trainer)

    for method, url in staff_urls(training):
        assert getattr(client, method)(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client, training):
    response = client.get(reverse("events:checkin", args=[training.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_trainer_checks_in_by_qr_text_twice_harmlessly(
    client, own_training, trainer, people
):
    registration = register(own_training, people[0])
    login(client, trainer)
    url = reverse("events:checkin_submit", args=[own_training.pk])

    first = client.post(url, {"code": f"CZZTLJ:{registration.checkin_token}"})
    second = client.post(url, {"code": registration.checkin_token}, follow=True)

    assert first.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_by == trainer
    assert sr_fragment("%(name)s was already checked in at %(time)s.") in (
        second.content.decode()
    )
    assert "<strong>1</strong> / 1" in second.content.decode()


def test_checkin_answers_json_for_the_scanner(client, own_training, trainer, people):
    registration = register(own_training, people[0])
    login(client, trainer)
    url = reverse("events:checkin_submit", args=[own_training.pk])

    ok = client.post(
        url, {"code": registration.checkin_token}, HTTP_ACCEPT="application/json"
    )
    unknown = client.post(url, {"code": "nope"}, HTTP_ACCEPT="application/json")

    assert ok.json()["status"] == "success"
    assert unknown.status_code == 404


def test_checkin_page_finds_people_by_name_in_either_script(
    client, own_training, trainer, make_user
):
    marko = make_user(email="marko@example.org", first_name="Марко", last_name="Марић")
    jana = make_user(email="jana@example.org", first_name="Јана", last_name="Јанић")
    register(own_training, marko)
    register(own_training, jana)
    login(client, trainer)

    html = client.get(
        reverse("events:checkin", args=[own_training.pk]), {"q": "maric"}
    ).content.decode()

    assert "Марић" in html and "Јанић" not in html


def test_staff_add_a_walk_in(client, own_training, staff_user):
    login(client, staff_user)

    response = client.post(
        reverse("events:walkin", args=[own_training.pk]),
        {
            "first_name": "Петар",
            "last_name": "Петровић",
            "consent_data": "on",
            "token": str(uuid.uuid4()),
        },
    )

    assert response.status_code == 302
    registration = own_training.registrations.get()
    assert registration.source == "walk_in" and registration.checked_in_at


def test_attendance_sheet_is_a_pdf(client, own_training, trainer, people):
    register(own_training, people[0])
    login(client, trainer)

    response = client.get(reverse("events:attendance_sheet", args=[own_training.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_attendance_sheet_html_is_serbian_with_a_signature_column(
    own_training, people, rf, trainer
):
    from django.template.loader import render_to_string

    register(own_training, people[0])
    html = render_to_string(
        "events/attendance_sheet.html",
        {"training": own_training, "registrations": own_training.registrations.all()},
    )

    assert '<html lang="sr">' in html
    assert 'class="sign"' in html
    assert people[0].last_name in html


def test_a_queued_offline_scan_keeps_its_scan_time(
    client, own_training, trainer, people
):
    import datetime

    from django.utils import timezone

    registration = register(own_training, people[0])
    login(client, trainer)
    scanned = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=40)
    url = reverse("events:checkin_submit", args=[own_training.pk])

    for _ in range(2):  # the device resends after a lost answer
        client.post(
            url,
            {"code": registration.checkin_token, "scanned_at": scanned.isoformat()},
            HTTP_ACCEPT="application/json",
        )

    registration.refresh_from_db()
    assert registration.checked_in_at == scanned


def test_checkin_page_loads_the_scanner_script(client, own_training, trainer):
    login(client, trainer)

    html = client.get(reverse("events:checkin", args=[own_training.pk])).content
    assert b"events/js/checkin.js" in html
    assert b"<script>" not in html  # CSP: no inline scripts


def test_checkin_page_loads_the_qr_decoder_before_the_scanner_script(
    client, own_training, trainer
):
    login(client, trainer)

    html = client.get(reverse("events:checkin", args=[own_training.pk])).text
    decoder = html.index('events/vendor/jsQR.js" defer></script>')
    # Deferred scripts run in document order: jsQR must exist when checkin.js runs.
    assert decoder < html.index('events/js/checkin.js" defer></script>')


def test_the_checkin_service_worker_is_served_for_the_checkin_scope(client, db):
    response = client.get("/obuke/checkin-sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    body = response.content.decode()
    assert "/static/" in body and "prijem" in body


def walkin_post(client, training, token, **extra):
    data = {
        "first_name": "Петар",
        "last_name": "Петровић",
        "consent_data": "on",
        "consent_chamber": "on",
        "token": str(token),
        **extra,
    }
    return client.post(reverse("events:walkin", args=[training.pk]), data, follow=True)


def test_a_double_tapped_walk_in_form_adds_one_person_and_says_so(
    client, own_training, trainer
):
    login(client, trainer)
    token = uuid.uuid4()

    first = walkin_post(client, own_training, token)
    second = walkin_post(client, own_training, token)

    registration = own_training.registrations.get()
    assert registration.checked_in_at and registration.user.first_name == "Петар"
    assert sr_fragment("%(name)s is checked in.") in first.content.decode()
    assert (
        sr_fragment(
            "This walk-in form was already sent: %(name)s was added and checked in at "
            "%(time)s. Nothing was added again."
        )
        in second.content.decode()
    )


def test_the_checkin_page_gives_each_walk_in_form_a_new_token(
    client, own_training, trainer
):
    login(client, trainer)
    url = reverse("events:checkin", args=[own_training.pk])

    tokens = {
        re.search(r'name="token" value="([0-9a-f-]+)"', client.get(url).text).group(1)
        for _ in range(2)
    }

    assert len(tokens) == 2


@pytest.mark.parametrize("status", ["held", "cancelled"])
def test_a_walk_in_on_a_closed_training_gets_a_message_and_keeps_the_input(
    client, own_training, trainer, status
):
    own_training.status = status
    own_training.save()
    login(client, trainer)

    response = walkin_post(client, own_training, uuid.uuid4(), first_name="Милица")

    assert response.status_code == 409
    html = response.content.decode()
    assert 'value="Милица"' in html
    assert (
        sr_fragment("This training is marked as held: check-in is closed.") in html
        or sr_fragment("This training was cancelled: no one can be checked in.") in html
    )
    assert not own_training.registrations.exists()


def test_a_walk_in_without_their_own_data_consent_is_not_added(
    client, own_training, trainer
):
    login(client, trainer)

    response = walkin_post(client, own_training, uuid.uuid4(), consent_data="")

    assert response.status_code == 409
    assert not own_training.registrations.exists()


def test_check_in_weeks_before_the_training_is_refused_with_a_message(
    client, make_training, trainer_profile, trainer, people
):
    early = make_training(days=26)
    early.lecturers.add(trainer_profile)
    early.save()
    registration = register(early, people[0])
    login(client, trainer)

    response = client.post(
        reverse("events:checkin_submit", args=[early.pk]),
        {"code": registration.checkin_token},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 409
    assert response.json()["status"] == "error"
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_another_trainer_cannot_check_in_or_add_walk_ins(
    client, own_training, make_user, people
):
    other = make_user(email="drugi@example.org", role=TRAINER)
    registration = register(own_training, people[0])
    login(client, other)

    checkin = client.post(
        reverse("events:checkin_submit", args=[own_training.pk]),
        {"code": registration.checkin_token},
    )
    walkin = walkin_post(client, own_training, uuid.uuid4())

    assert checkin.status_code == 403 and walkin.status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert own_training.registrations.count() == 1


def test_the_training_moderator_may_check_people_in(
    client, own_training, make_user, people
):
    from events.models import TrainerProfile

    moderator = make_user(email="moderator@example.org", role=TRAINER)
    own_training.moderator = TrainerProfile.objects.create(name="М", user=moderator)
    own_training.save()
    registration = register(own_training, people[0])
    login(client, moderator)

    client.post(
        reverse("events:checkin_submit", args=[own_training.pk]),
        {"code": registration.checkin_token},
    )

    registration.refresh_from_db()
    assert registration.checked_in_by == moderator
