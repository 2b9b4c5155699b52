"""A person's own data: download it as JSON, or delete the account."""

import json

import pytest
from allauth.account.models import EmailAddress

from lms import services
from lms.models import Institution, Profile, User
from lms.registry import personal_data_exporters, register_personal_data
from tests.conftest import PASSWORD
from tests.helpers import field_errors, main_text, sr


def delete_account(client, password=PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post("/account/delete/", data)


def test_download_my_data(participant_client, participant):
    response = participant_client.get("/account/data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="moji-podaci-'
    )
    data = json.loads(response.content)
    assert data["account"]["email"] == "ana@example.org"
    assert data["account"]["first_name"] == "Ана"
    assert data["account"]["last_name"] == "Анић"
    assert data["account"]["email_addresses"] == [
        {"email": "ana@example.org", "verified": True, "primary": True}
    ]
    assert data["profile"] == {
        "gender": "female",
        "system": "Систем социјалне заштите",
        "institution": "ЦСР Ниш",
        "municipality": "Ниш",
        "district": "Нишавски управни округ",
        "job_title": "социјална радница",
        "licence_number": "",
        "preferred_script": "cyrl",
        "completed_at": participant.profile.completed_at.isoformat(),
    }


def test_the_download_is_readable_cyrillic_not_escapes(participant_client):
    response = participant_client.get("/account/data/")

    assert "ЦСР Ниш" in response.content.decode()


def test_the_download_works_before_the_profile_is_complete(newcomer_client):
    data = newcomer_client.get("/account/data/").json()

    assert data["account"]["email"] == "jovana@example.org"
    assert data["profile"]["completed_at"] is None


def test_the_download_includes_what_domain_apps_register(
    participant_client, monkeypatch
):
    # monkeypatch puts the events app's own exporter back afterwards (a bare
    # ``del`` left later tests without it when both folders ran together).
    monkeypatch.setitem(personal_data_exporters, "extra", None)
    register_personal_data("extra", lambda user: [{"user": user.email}])

    data = participant_client.get("/account/data/").json()

    assert data["extra"] == [{"user": "ana@example.org"}]


def test_only_the_person_can_download_their_data(client, participant):
    response = client.get("/account/data/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_deletion_page_asks_for_the_password(participant_client):
    response = participant_client.get("/account/delete/")

    assert response.status_code == 200
    assert response.context["form"].fields.keys() == {"password", "confirm"}


def test_a_wrong_password_deletes_nothing(participant_client, participant):
    response = delete_account(participant_client, password="pogresna-lozinka")

    assert response.status_code == 200
    assert field_errors(response, "password") == sr("The password is not correct.")
    assert User.objects.filter(pk=participant.pk).exists()
    assert participant_client.get("/dashboard/").status_code == 200


def test_deletion_must_be_confirmed(participant_client, participant):
    response = delete_account(participant_client, confirm=False)

    assert response.status_code == 200
    assert field_errors(response, "confirm") == sr("This field is required.")
    assert User.objects.filter(pk=participant.pk).exists()


def test_deleting_the_account(
    participant_client, participant, home_page, deletion_handler_calls
):
    institution = participant.profile.institution

    response = delete_account(participant_client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=participant.pk).exists()
    assert not Profile.objects.filter(user_id=participant.pk).exists()
    assert not EmailAddress.objects.filter(email="ana@example.org").exists()
    # Reference data stays.
    assert Institution.objects.filter(pk=institution.pk).exists()
    # Domain apps anonymised what they keep while the account still existed.
    assert deletion_handler_calls == [(participant.pk, True)]
    # Logged out, and told so.
    home = participant_client.get("/")
    assert sr("Your account has been deleted.") in main_text(home)
    assert participant_client.get("/dashboard/").status_code == 302


def test_the_address_can_sign_up_again_after_deletion(participant_client):
    delete_account(participant_client)

    response = participant_client.post(
        "/accounts/signup/",
        {
            "email": "ana@example.org",
            "password1": "Nova-lozinka-2026",
            "password2": "Nova-lozinka-2026",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email="ana@example.org").exists()


def test_a_failing_deletion_handler_deletes_nothing(participant):
    def failing(user):
        raise RuntimeError("attendance could not be anonymised")

    from lms.registry import account_deletion_handlers

    account_deletion_handlers.append(failing)
    try:
        with pytest.raises(RuntimeError):
            services.account_delete(user=participant)
    finally:
        account_deletion_handlers.remove(failing)

    assert User.objects.filter(pk=participant.pk).exists()
    assert Profile.objects.filter(user=participant).exists()
