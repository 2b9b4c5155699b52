import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook

from events import services
from tests.conftest import PASSWORD
from tests.events.import_helpers import UNREADABLE_MESSAGE, upload
from tests.helpers import sr

CSV = (
    "Ime;Prezime;E-mail;Oblik\n"
    "Марија;Марић;marija@example.org;активни\n"
    "Jovan;Jović;jovan@example.org;\n"
    ";;nije-adresa;\n"
    "Ана;;ana.nova@example.org;\n"
    "Петар;Петровић;petar@example.org;ко зна\n"
)


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_import_registers_good_rows_and_reports_bad_ones(
    client, make_training, staff_user, bom
):
    training = make_training(capacity=10)
    login(client, staff_user)

    response = upload(client, training, "spisak.csv", bom + CSV.encode())

    html = response.content.decode()
    registrations = training.registrations.select_related("user")
    assert sorted(r.user.email for r in registrations) == [
        "jovan@example.org",
        "marija@example.org",
    ]
    marija = registrations.get(user__email="marija@example.org")
    assert marija.participation_form == "active" and marija.source == "import"
    assert marija.user.first_name == "Марија"
    for line in (4, 5, 6):
        assert f"{line}" in html
    assert sr("invalid or missing e-mail address") in html
    assert sr("first and last name needed") in html
    assert sr("unknown participation form") in html


def test_reimporting_the_same_file_creates_no_duplicates(
    client, make_training, staff_user
):
    training = make_training(capacity=10)
    login(client, staff_user)

    upload(client, training, "spisak.csv", CSV.encode())
    response = upload(client, training, "spisak.csv", CSV.encode())

    assert training.registrations.count() == 2
    assert sr("already registered for this training: nothing to change") in (
        response.content.decode()
    )


def test_import_reads_xlsx_with_comma_free_latin_names(
    client, make_training, staff_user
):
    training = make_training(capacity=10)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["email", "first_name", "last_name"])
    sheet.append(["dragana@example.org", "Dragana", "Đorđević"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(client, staff_user)

    upload(client, training, "spisak.xlsx", buffer.getvalue())

    assert training.registrations.get().user.last_name == "Đorđević"


def test_an_unreadable_file_is_refused_with_a_reason(client, make_training, staff_user):
    training = make_training()
    login(client, staff_user)

    response = upload(client, training, "spisak.csv", b"kolona,druga\nA,B\n")

    assert escape(sr(UNREADABLE_MESSAGE)) in response.content.decode()
    assert not training.registrations.exists()


def test_staff_register_a_person_after_closing_and_move_from_waitlist(
    client, make_training, staff_user, people
):
    from django.utils import timezone

    training = make_training(days=0.5, capacity=1, registration_closes=timezone.now())
    login(client, staff_user)
    url = reverse("events:registration_add", args=[training.pk])

    client.post(url, {"email": people[0].email, "participation_form": "lecturer"})
    client.post(url, {"email": people[1].email, "participation_form": "passive"})
    waiting = training.registrations.get(user=people[1])
    assert waiting.status == "waitlisted"
    first = training.registrations.get(user=people[0])
    assert first.participation_form == "lecturer"

    client.post(
        reverse("events:registration_action", args=[training.pk, first.pk, "cancel"])
    )
    waiting.refresh_from_db()
    # Within a day of the start no one is promoted automatically…
    assert waiting.status == "waitlisted"
    client.post(
        reverse("events:registration_action", args=[training.pk, waiting.pk, "promote"])
    )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # …but staff may move someone by hand.


def test_registration_list_filters_by_status(client, training, staff_user, people):
    for person in people[:4]:
        services.registration_create(
            training=training, user=person, consent_data=True, consent_chamber=True
        )
    login(client, staff_user)

    html = client.get(
        reverse("events:registrations", args=[training.pk]), {"status": "waitlisted"}
    ).content.decode()

    assert people[3].email in html and people[0].email not in html


def test_a_participant_cannot_see_or_import_registrations(
    client, training, participant
):
    login(client, participant)

    assert (
        client.get(reverse("events:registrations", args=[training.pk])).status_code
        == 403
    )
    assert upload(client, training, "x.csv", CSV.encode()).status_code == 403
    assert not training.registrations.exists()
