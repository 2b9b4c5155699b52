"""A person on a participant list takes over their record when they sign up.

By e-mail: signing up with the address the list gave leads (through a link
sent to that address) to the imported account, with its trainings, points and
certificates. By licence number: recording it in a profile (or confirming an
address of an account that has it) claims the paper records without e-mail.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_issue
from events.imports import participants_parse
from events.imports.services import participants_import
from lms.models import User
from tests.conftest import PASSWORD
from tests.helpers import sr

SHEET = (
    "Име;Презиме;Е-пошта;Број лиценце;Установа;Општина;Пол;Облик учешћа;Присуство\n"
    "Марија;Марић;marija@example.org;01-2345;ЦСР Ниш;Ниш;ж;активни;да\n"
    "Зоран;Зорић;;55555;ЦСР Ниш;Ниш;м;пасивни;да\n"
)
NEW_PASSWORD = "Dugacka-lozinka-77"


@pytest.fixture
def held(make_training, staff_user):
    training = make_training(
        days=-20, capacity=5, status="held", points_passive=4, points_active=6
    )
    rows = participants_parse(name="spisak.csv", data=SHEET.encode())
    participants_import(training=training, rows=rows, by=staff_user, confirm=True)
    return training


def sign_up(client, email):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body)[0]


def test_signing_up_with_the_lists_address_hands_over_the_imported_account(
    client, held
):
    registration = held.registrations.get(user__email="marija@example.org")
    certificate_issue(registration=registration, notify=False)
    mail.outbox.clear()

    response = sign_up(client, "marija@example.org")

    assert response["Location"] == "/accounts/confirm-email/"  # as for anyone
    assert User.objects.filter(email__iexact="marija@example.org").count() == 1
    (message,) = [m for m in mail.outbox if m.to == ["marija@example.org"]]
    assert sr("Your trainings are waiting: set a password") in message.subject
    assert "01-2345" not in message.body  # nothing of the record in the mail
    url = link_in(message).split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + url, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.status_code == 302

    client.logout()
    login = client.post(
        "/accounts/login/",
        {"login": "marija@example.org", "password": NEW_PASSWORD},
    )
    assert login.status_code == 302
    assert "confirm-email" not in login["Location"]
    # The profile step comes first, filled in from the list.
    assert client.get(login["Location"], follow=True).content.decode().count("01-2345")
    user = User.objects.get(email="marija@example.org")
    type(user.profile).objects.filter(user=user).update(completed_at=timezone.now())
    mine = client.get(reverse("certificates:mine"))
    assert mine.status_code == 200, mine.get("Location")
    page = mine.content.decode()
    assert Certificate.objects.get(registration=registration).code_display in page
    assert user.profile.licence_number == "01-2345"
    assert EmailAddress.objects.get(user=user).verified


def test_an_account_in_use_gets_the_usual_already_exists_mail(
    client, held, participant
):
    mail.outbox.clear()

    sign_up(client, participant.email)

    (message,) = [m for m in mail.outbox if m.to == [participant.email]]
    assert "/accounts/password/reset/" in message.body
    assert "/accounts/password/reset/key/" not in message.body


def test_a_new_account_confirmed_then_given_the_licence_claims_the_paper_record(
    client, held
):
    paper = held.registrations.get(user__last_name="Зорић")
    certificate = certificate_issue(registration=paper, notify=False)
    mail.outbox.clear()

    sign_up(client, "zoran@example.org")
    (message,) = [m for m in mail.outbox if m.to == ["zoran@example.org"]]
    key_url = re.search(r"/accounts/confirm-email/\S+", message.body)[0]
    client.post(key_url)
    person = User.objects.get(email="zoran@example.org")
    assert EmailAddress.objects.get(user=person).verified
    profile = person.profile
    profile.licence_number = "55555"
    profile.save()

    paper.refresh_from_db()
    certificate.refresh_from_db()
    assert paper.user == person and certificate.user == person
    assert not User.objects.filter(email__endswith="@paper.invalid").exists()


def test_confirming_an_address_claims_by_the_licence_already_recorded(held):
    from allauth.account.signals import email_confirmed

    person = User.objects.create_user(email="z2@example.org", password=PASSWORD)
    paper = held.registrations.get(user__last_name="Зорић")
    # The licence written without the profile's own signal (as an admin's
    # bulk edit would): only the confirmation claims it.
    type(person.profile).objects.filter(user=person).update(licence_number="55555")
    assert paper.user.email.endswith("@paper.invalid")

    address = EmailAddress.objects.create(
        user=person, email=person.email, verified=True, primary=True
    )
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    paper.refresh_from_db()
    assert paper.user == person
