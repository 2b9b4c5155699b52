"""The hostile sign-in sheet, through the two-step import staff use."""

from pathlib import Path

import pytest
from django.urls import reverse

from events.imports import participants_parse
from events.imports.services import participants_import
from lms.models import Institution, OutboundEmail, User
from tests.conftest import PASSWORD
from tests.events.import_helpers import confirm_url, preview, upload
from tests.helpers import soup, sr

HOSTILE = Path(__file__).parent / "data" / "hostile-list.csv"
GOOD = {
    "marija@example.org",
    "jovan@example.org",
    "ana@example.org",
    "petar@example.org",
    "milan@example.org",
}


@pytest.fixture
def staff_client(client, staff_user):
    assert client.login(email=staff_user.email, password=PASSWORD)
    return client


def outcomes(response) -> dict[int, tuple[str, str]]:
    rows = soup(response).select("tr.import-row")
    return {
        int(row["data-row"]): (row["data-outcome"], row.find_all("td")[4].get_text())
        for row in rows
    }


def registered(training) -> list[str]:
    return sorted(
        f"{r.user.first_name} {r.user.last_name}"
        for r in training.registrations.select_related("user")
    )


def test_the_preview_lists_every_row_with_its_outcome_and_saves_nothing(
    staff_client, make_training
):
    training = make_training(capacity=20)
    users_before = User.objects.count()

    response = preview(staff_client, training, "spisak.csv", HOSTILE.read_bytes())

    rows = outcomes(response)
    assert rows[5] == ("duplicate", sr("duplicate of row %(row)s") % {"row": 2})
    assert rows[9][0] == "error"
    assert sr("name longer than %(max)s characters") % {"max": 150} == rows[9][1]
    assert rows[11] == ("error", sr("invalid or missing e-mail address"))
    assert rows[12] == ("error", sr("unknown participation form"))
    assert "12-AB" in rows[7][1] and "Атлантида" in rows[7][1]
    assert (
        sr("unknown municipality “%(value)s” — did you mean %(near)s?")
        % {
            "value": "Прокупјле",
            "near": "Прокупље",
        }
        in rows[8][1]
    )
    assert 6 not in rows and 13 not in rows  # empty rows are not rows
    # Rows with warnings only are still imported, shown as "warning".
    assert rows[7][0] == rows[8][0] == "warning"
    imported = [o for o, _r in rows.values() if o in ("created", "warning")]
    assert len(imported) == 7
    assert soup(response).select_one("tr[data-row='7']")["data-action"] == "created"
    assert not training.registrations.exists()
    assert User.objects.count() == users_before
    assert not Institution.objects.filter(name="Нова установа за тест").exists()
    assert not OutboundEmail.objects.exists()


def test_confirming_imports_every_good_row_once_with_every_column(
    staff_client, make_training
):
    training = make_training(capacity=20)
    first = preview(staff_client, training, "spisak.csv", HOSTILE.read_bytes())

    response = staff_client.post(confirm_url(first))

    assert response.status_code == 200
    emails = {r.user.email for r in training.registrations.select_related("user")}
    assert GOOD <= emails and len(emails) == 7
    marija = User.objects.get(email="marija@example.org").profile
    assert marija.licence_number == "01-2345"
    assert marija.institution.name == "ЦСR Чачак"  # the mixed-script reference
    assert marija.municipality.name == "Чачак" and marija.gender == "female"
    assert marija.system.key == "social_protection"  # from the institution
    assert User.objects.get(email="jovan@example.org").profile.institution.name == (
        "ЦСR Чачак"
    )
    petar = User.objects.get(email="petar@example.org").profile
    assert petar.licence_number == "" and petar.municipality is None
    new = Institution.objects.get(name="Нова установа за тест")
    assert not new.confirmed
    registration = training.registrations.get(user__email="marija@example.org")
    assert registration.participation_form == "active"
    assert not registration.consent_data and not registration.consent_chamber
    kinds = sorted(OutboundEmail.objects.values_list("kind", flat=True))
    assert kinds.count("events.consent_request") == 5  # paper people get none


def test_reimporting_the_same_file_changes_nothing(staff_client, make_training):
    training = make_training(capacity=20)
    upload(staff_client, training, "spisak.csv", HOSTILE.read_bytes())
    before = (registered(training), User.objects.count(), OutboundEmail.objects.count())

    response = upload(staff_client, training, "spisak.csv", HOSTILE.read_bytes())

    after = (registered(training), User.objects.count(), OutboundEmail.objects.count())
    assert after == before
    assert {o for o, _r in outcomes(response).values()} == {"duplicate", "error"}


def test_a_second_click_on_confirm_imports_nothing_twice(staff_client, make_training):
    training = make_training(capacity=20)
    url = confirm_url(preview(staff_client, training, "s.csv", HOSTILE.read_bytes()))
    staff_client.post(url)

    response = staff_client.post(url, follow=True)

    assert training.registrations.count() == 7
    assert (
        sr("This preview has expired or was already imported. Upload the file again.")
        in response.content.decode()
    )


def test_the_report_of_rows_and_outcomes_downloads_as_csv(staff_client, make_training):
    training = make_training(capacity=20)
    response = upload(staff_client, training, "spisak.csv", HOSTILE.read_bytes())
    link = soup(response).find("a", href=lambda h: h and h.endswith("izvestaj.csv"))

    report = staff_client.get(link["href"])

    text = report.content.decode("utf-8-sig")
    assert report["Content-Type"].startswith("text/csv")
    assert sr("name longer than %(max)s characters") % {"max": 150} in text
    assert text.count(sr("registered")) >= 7


def test_a_row_that_fails_leaves_no_orphan_account(
    make_training, staff_user, monkeypatch
):
    from events.imports import services as import_services
    from events.services import RegistrationError, registration_create

    def refusing(**kwargs):
        if kwargs["user"].first_name == "Бора":
            raise RegistrationError("одбијено")
        return registration_create(**kwargs)

    monkeypatch.setattr(import_services, "registration_create", refusing)
    training = make_training(capacity=20)
    data = (
        "Ime;Prezime;E-mail\nАна;Анић;ana.nova@example.org\n"
        "Бора;Борић;bora.nova@example.org\nВера;Верић;\n"
    ).encode()

    result = participants_import(
        training=training,
        rows=participants_parse(name="s.csv", data=data),
        by=staff_user,
        confirm=True,
    )

    assert [(r.outcome, r.reason) for r in result.rows] == [
        ("created", ""),
        ("error", "одбијено"),
        ("created", ""),
    ]
    assert not User.objects.filter(email="bora.nova@example.org").exists()
    assert training.registrations.count() == 2


def test_a_cancelled_training_takes_no_import(make_training, staff_user):
    from events.services import RegistrationError

    training = make_training(capacity=20, status="cancelled")
    data = "Ime;Prezime;E-mail\nАна;Анић;ana.nova@example.org\n".encode()

    with pytest.raises(RegistrationError):
        participants_import(
            training=training,
            rows=participants_parse(name="s.csv", data=data),
            by=staff_user,
            confirm=True,
        )

    assert not User.objects.filter(email="ana.nova@example.org").exists()


def test_the_templates_download_and_import_their_example_row(
    staff_client, make_training
):
    training = make_training(days=-2, capacity=5, status="held")
    for extension in ("xlsx", "csv"):
        template = staff_client.get(reverse("events:import_template", args=[extension]))
        assert template.status_code == 200

        rows = participants_parse(name=f"t.{extension}", data=template.content)

        assert rows[0].values["email"] == "marija.maric@example.org"
        assert rows[0].values["municipality"] == "Чачак"
    result = participants_import(
        training=training, rows=rows, by=User.objects.first(), confirm=False
    )
    assert [row.outcome for row in result.rows] == ["created"]
    assert result.rows[0].warnings == []
