"""MFA for staff and the Chamber viewer (allauth.mfa: TOTP and recovery codes)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.conftest import PASSWORD
from tests.helpers import soup, sr_fragment

SETUP = "/accounts/2fa/totp/activate/"
MESSAGE = (
    "Your role gives access to personal data, so your account needs two-factor "
    "authentication. Set up an authenticator app on your phone to continue."
)


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def log_in(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = ["staff", "chamber"]


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("staff", "/admin/"),
        ("staff", "/obuke/statistika/"),
        ("staff", "/dev/outbox/"),
        ("chamber", "/obuke/komora/"),
    ],
)
def test_a_role_holder_without_mfa_is_sent_to_set_it_up(
    client, people_by_role, mfa_required, who, path
):
    client.force_login(people_by_role[who])

    response = client.get(path, follow=True)

    assert response.redirect_chain[0] == (SETUP, 302)
    assert response.status_code == 200
    text = soup(response).get_text(" ")
    assert sr_fragment(MESSAGE) in " ".join(text.split())


@pytest.mark.parametrize("who", ["participant", "trainer"])
def test_other_roles_are_not_asked_for_mfa(client, people_by_role, mfa_required, who):
    client.force_login(people_by_role[who])

    assert client.get("/dashboard/").status_code == 200


def test_without_the_setting_staff_need_no_mfa(client, staff_user):
    client.force_login(staff_user)

    assert client.get("/admin/").status_code == 200


def test_staff_set_up_totp_on_the_site_page_and_then_get_in(
    client, staff_user, mfa_required
):
    response = log_in(client, staff_user)
    assert response.status_code == 302
    # allauth asks for the password again before adding a factor.
    response = client.get(SETUP)
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert soup(page).find("header", class_="site-header")  # the site's own layout
    secret = page.context["form"].secret

    response = client.post(SETUP, {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=staff_user, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get("/admin/").status_code == 200


def test_with_an_authenticator_staff_reach_the_admin_and_exports(
    client, staff_user, chamber_user, mfa_required
):
    for person, path in ((staff_user, "/admin/"), (chamber_user, "/obuke/komora/")):
        TOTP.activate(person, generate_totp_secret())
        client.force_login(person)

        assert client.get(path).status_code == 200


def test_log_in_with_mfa_asks_for_the_code(client, staff_user, mfa_required):
    secret = generate_totp_secret()
    TOTP.activate(staff_user, secret)

    response = log_in(client, staff_user)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    code = current_code(secret)
    response = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_the_admin_log_in_pages_cannot_skip_the_code(client, staff_user, path):
    TOTP.activate(staff_user, generate_totp_secret())

    response = client.post(path, {"username": staff_user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_chamber_viewer_finds_mfa_among_their_account_links(client, chamber_user):
    client.force_login(chamber_user)

    page = client.get("/profile/")

    links = [a["href"] for a in soup(page).find(class_="account-links").find_all("a")]
    assert "/accounts/2fa/" in links


@pytest.mark.parametrize("path", ["/admin/", "/django-admin/"])
def test_a_participant_at_the_admin_ends_on_a_page_not_in_a_loop(
    client, participant, path
):
    client.force_login(participant)

    response = client.get(path, follow=True)

    assert response.status_code in (200, 403)
    assert len(response.redirect_chain) <= 2
    assert "_auth_user_id" in client.session
