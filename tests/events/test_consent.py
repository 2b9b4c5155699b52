"""Consent is the person's own, and the Chamber package waits for it."""

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from events import services
from events.models import Registration
from tests.conftest import PASSWORD
from tests.helpers import sr

MISSING = (
    "Their consent is still missing, so they are not in the Chamber list: they can "
    "give it on their phone under My trainings, or through the link in their "
    "e-mail."
)


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


@pytest.fixture
def accredited(make_training):
    """An accredited training starting within the hour (check-in is open)."""
    return make_training(
        days=1 / 24,
        registration_closes=None,
        capacity=20,
        accreditation_number="153-02-00042/2026",
    )


def chamber_names(client, training) -> list[str]:
    response = client.get(
        reverse("events:chamber_export_download", args=[training.pk, "attendance_csv"])
    )
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    rows = rows[rows.index([]) + 1 :]  # after the training's header
    return [row[1] for row in rows[1:]]


def consent_link(message) -> str:
    return re.search(r"https?://\S+/obuke/saglasnost/\S+/", message.body).group(0)


def staff_add(client, training, person):
    return client.post(
        reverse("events:registration_add", args=[training.pk]),
        {"email": person.email, "participation_form": "passive"},
    )


def test_a_person_added_by_staff_stays_out_of_the_chamber_list_until_they_consent(
    client,
    accredited,
    make_user,
    staff_user,
    chamber_user,
    django_capture_on_commit_callbacks,
):
    person = make_user(email="dodata@example.org", first_name="Додата")
    login(client, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        staff_add(client, accredited, person)
    registration = accredited.registrations.get()
    services.checkin_record(registration=registration, by=staff_user)

    assert (registration.consent_data, registration.consent_chamber) == (False, False)
    asking = [m for m in mail.outbox if "saglasnost" in m.body]
    assert [m.to for m in asking] == [[person.email]]
    page = client.get(reverse("events:registrations", args=[accredited.pk]))
    assert 'data-not-consented="1"' in page.content.decode()
    login(client, chamber_user)
    assert chamber_names(client, accredited) == []
    export_page = client.get(reverse("events:chamber_export", args=[accredited.pk]))
    assert 'data-not-consented="1"' in export_page.content.decode()
    index = client.get(reverse("events:chamber_export_index")).content.decode()
    assert 'data-not-consented="1"' in index

    client.logout()  # the link needs no password
    link = consent_link(asking[0])
    client.post(link, {"consent_data": "on", "consent_chamber": "on"})

    registration.refresh_from_db()
    assert registration.has_consented and registration.consent_source == "link"
    login(client, chamber_user)
    assert chamber_names(client, accredited) == ["Додата"]
    export_page = client.get(reverse("events:chamber_export", args=[accredited.pk]))
    assert "data-not-consented" not in export_page.content.decode()


def test_imported_people_are_asked_by_e_mail(
    client, accredited, staff_user, django_capture_on_commit_callbacks
):
    from tests.events.import_helpers import upload

    login(client, staff_user)
    data = "email;ime;prezime\nuvezena@example.org;Увезена;Особа\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, accredited, "spisak.csv", data)  # preview, then confirm

    registration = accredited.registrations.get()
    assert not registration.consent_data and not registration.consent_chamber
    asking = [m for m in mail.outbox if "saglasnost" in m.body]
    assert [m.to for m in asking] == [["uvezena@example.org"]]
    assert sr("Your consent, please: %(title)s") % {"title": accredited.title} == (
        asking[0].subject
    )


def test_the_data_consent_alone_keeps_the_person_out_of_the_chamber_list(
    client, accredited, make_user, staff_user, chamber_user
):
    person = make_user(email="samo@example.org", first_name="Само")
    registration = services.registration_create(
        training=accredited,
        user=person,
        consent_data=False,
        consent_chamber=False,
        source="staff",
        staff=True,
        notify=False,
    )
    services.checkin_record(registration=registration, by=staff_user)
    from events.consent import consent_path

    client.post(consent_path(registration), {"consent_data": "on"})

    registration.refresh_from_db()
    assert registration.consent_data and not registration.consent_chamber
    login(client, chamber_user)
    assert chamber_names(client, accredited) == []


def test_the_person_consents_on_their_phone_from_my_trainings(
    client, accredited, make_user
):
    person = make_user(email="telefon@example.org")
    registration = services.registration_create(
        training=accredited,
        user=person,
        consent_data=False,
        consent_chamber=False,
        source="staff",
        staff=True,
        notify=False,
    )
    login(client, person)

    page = client.get(reverse("events:my_trainings")).content.decode()
    link = re.search(r'href="(/obuke/saglasnost/[^"]+/)"', page).group(1)
    form = client.get(link).content.decode()
    response = client.post(link, {"consent_data": "on", "consent_chamber": "on"})

    assert 'type="checkbox"' in form and "checked" not in form
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.has_consented
    assert registration.consent_source == "my_trainings"
    page = client.get(reverse("events:my_trainings")).content.decode()
    assert "/obuke/saglasnost/" not in page


def test_a_forged_or_foreign_consent_link_is_not_found(client, accredited, people):
    registration = services.registration_create(
        training=accredited,
        user=people[0],
        consent_data=True,
        consent_chamber=True,
    )
    from events.consent import consent_path

    path = consent_path(registration)
    forged = path.replace(path.split("/")[-2], path.split("/")[-2][:-2] + "xx")

    assert client.get(forged).status_code == 404
    assert client.get("/obuke/saglasnost/123/").status_code == 404
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("source", ["staff", "import"])
def test_staff_cannot_give_consent_for_someone(accredited, people, source):
    with pytest.raises(services.RegistrationError):
        services.registration_create(
            training=accredited,
            user=people[0],
            consent_data=True,
            consent_chamber=True,
            source=source,
            staff=True,
        )
    assert not Registration.objects.exists()


def test_the_checkin_page_tells_the_trainer_who_has_not_consented(
    client, accredited, people, staff_user
):
    registration = services.registration_create(
        training=accredited,
        user=people[0],
        consent_data=False,
        consent_chamber=False,
        source="staff",
        staff=True,
        notify=False,
    )
    login(client, staff_user)

    response = client.post(
        reverse("events:checkin_submit", args=[accredited.pk]),
        {"code": registration.checkin_token},
        follow=True,
    )

    html = response.content.decode()
    assert 'data-not-consented="1"' in html
    assert escape(sr(MISSING)) in html
