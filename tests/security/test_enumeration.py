"""Issue 13.10: sign-up, log-in and password reset never tell who has an account."""

from django.core import mail

from lms.models import User
from tests.conftest import PASSWORD

NEW_PASSWORD = "Dugacka-lozinka-77"


def sign_up(client, email):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def visible(response) -> tuple:
    """What the person sees: the status, where it leads, the page's text."""
    return (
        response.status_code,
        response.get("Location"),
        response.content.decode() if response.status_code == 200 else "",
    )


def test_sign_up_answers_the_same_for_a_taken_and_a_free_address(
    client, participant, django_user_model
):
    taken = sign_up(client, "ana@example.org")
    client.cookies.clear()
    free = sign_up(client, "nova@example.org")

    assert visible(taken) == visible(free)
    assert taken["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email="ana@example.org").count() == 1
    to_owner = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert len(to_owner) == 1
    assert "/accounts/password/reset/" in to_owner[0].body


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(
    client, participant
):
    known = client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "niko@example.org"})

    assert visible(known) == visible(unknown)
    assert known["Location"] == "/accounts/password/reset/done/"


def test_log_in_answers_the_same_for_a_wrong_password_and_an_unknown_address(
    client, participant
):
    wrong = client.post(
        "/accounts/login/", {"login": "ana@example.org", "password": "pogresna"}
    )
    unknown = client.post(
        "/accounts/login/", {"login": "niko@example.org", "password": "pogresna"}
    )

    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors
    assert "_auth_user_id" not in client.session
    assert client.login(email="ana@example.org", password=PASSWORD)
