"""Sign-up with e-mail verification, log-in and log-out (django-allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from lms.models import Profile, User
from lms.roles import PARTICIPANT
from tests.conftest import PASSWORD
from tests.helpers import field_errors, form_errors, form_values, main_text, soup, sr

NEW_PASSWORD = "Dugacka-lozinka-77"
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def sign_up(client, email, password=NEW_PASSWORD, password2=None):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password2 or password},
    )


def log_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_new_person_signs_up_verifies_the_address_and_completes_the_profile(
    client, db, profile_form_data
):
    response = sign_up(client, "jovana@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="jovana@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert not is_logged_in(client)
    [message] = mail.outbox
    assert message.to == ["jovana@example.org"]
    link = CONFIRMATION_LINK.search(message.body).group(0)

    confirmation_page = client.get(link)
    assert confirmation_page.status_code == 200
    assert "jovana@example.org" in main_text(confirmation_page)

    response = client.post(link, follow=True)

    assert EmailAddress.objects.get(user=user).verified
    assert is_logged_in(client)
    assert response.request["PATH_INFO"] == "/profile/"
    assert soup(response).h1.get_text(strip=True) == sr("Complete your profile")

    response = client.post(
        "/profile/", {**form_values(response), **profile_form_data}, follow=True
    )

    assert response.redirect_chain == [("/dashboard/", 302)]
    assert soup(response).h1.get_text(strip=True) == sr("Welcome, %(name)s") % {
        "name": "Јована"
    }
    assert "ЦСР Ниш" in main_text(response)
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Јована", "Јовић")
    profile = Profile.objects.get(user=user)
    assert profile.is_complete
    assert profile.gender == "female"
    assert profile.system.key == "social_protection"
    assert profile.institution.name == "ЦСР Ниш"
    assert profile.municipality.name == "Ниш"
    assert profile.district.name == "Нишавски управни округ"
    assert profile.job_title == "социјална радница"
    assert profile.licence_number == ""
    assert profile.preferred_script == "cyrl"
    assert list(user.groups.values_list("name", flat=True)) == [PARTICIPANT]


def test_an_unverified_address_cannot_log_in(client, db):
    sign_up(client, "jovana@example.org")
    client.cookies.clear()

    response = log_in(client, "jovana@example.org", NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not is_logged_in(client)


def test_sign_up_rejects_passwords_that_do_not_match(client, db):
    response = sign_up(client, "jovana@example.org", password2="Druga-lozinka-88")

    assert response.status_code == 200
    assert field_errors(response, "password2")
    assert form_values(response)["email"] == "jovana@example.org"
    assert not User.objects.filter(email="jovana@example.org").exists()
    assert mail.outbox == []


def test_signing_up_with_a_taken_address_looks_like_any_sign_up(client, participant):
    response = sign_up(client, "Ana@Example.org")

    # The same answer as for a new address: no page tells who has an account.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1
    # The owner hears of it, with the way back into the account.
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "/accounts/password/reset/" in message.body


@pytest.mark.parametrize(
    "create",
    [
        pytest.param(
            lambda email: User.objects.create_user(email=email, password=PASSWORD),
            id="create_user",
        ),
        pytest.param(
            lambda email: User.objects.create_superuser(email=email, password=PASSWORD),
            id="createsuperuser",
        ),
    ],
)
def test_an_address_with_capitals_is_stored_as_allauth_looks_it_up(db, create):
    user = create("Marko.Markovic@Example.org")

    assert user.email == "marko.markovic@example.org"


def test_an_address_with_capitals_is_cleaned_to_lower_case_in_admin_forms(db):
    user = User(email="Marko.Markovic@Example.org")

    user.clean()

    assert user.email == "marko.markovic@example.org"


def test_sign_up_recognises_an_account_staff_created_with_capitals(client, db):
    User.objects.create_user(email="Marko.Markovic@Example.org", password=PASSWORD)

    response = sign_up(client, "marko.markovic@example.org")

    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["marko.markovic@example.org"]
    assert "/accounts/password/reset/" in message.body


def test_log_out_and_log_in_again_by_email(client, participant):
    client.force_login(participant)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not is_logged_in(client)
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")

    response = log_in(client, "ana@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").context["user"] == participant


def test_the_address_may_be_typed_with_capitals_at_log_in(client, participant):
    response = log_in(client, "ANA@Example.ORG")

    assert response["Location"] == "/dashboard/"
    assert is_logged_in(client)


def test_log_in_with_an_incomplete_profile_leads_to_the_profile(client, newcomer):
    response = log_in(client, newcomer.email)

    assert response.status_code == 302
    assert response["Location"] == "/profile/"


def test_a_wrong_password_shows_an_error_and_does_not_log_in(client, participant):
    response = log_in(client, "ana@example.org", "pogresna-lozinka")

    assert response.status_code == 200
    assert form_errors(response) == sr(
        "The email address and/or password you specified are not correct."
    )
    assert form_values(response)["login"] == "ana@example.org"
    assert not is_logged_in(client)
