"""Regression pass: clickjacking headers and CSRF on state-changing POSTs."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/verify/", "/dashboard/", "/admin/"]
)
def test_no_page_may_be_framed_by_another_site(client, home_page, staff_user, path):
    client.force_login(staff_user)

    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    if not path.startswith("/admin/"):  # CSP leaves Wagtail's admin alone
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_log_in_without_the_csrf_token_is_refused(csrf_client, participant):
    response = csrf_client.post(
        "/accounts/login/", {"login": participant.email, "password": PASSWORD}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/password/reset/", {"email": "ana@example.org"}),
        ("/profile/", {"first_name": "Злонамерна"}),
        ("/account/delete/", {"password": PASSWORD, "confirm": "on"}),
        ("/accounts/logout/", {}),
        ("/uzivo/nova/", {"title": "Подметнута сесија"}),
    ],
)
def test_posts_of_a_logged_in_person_need_the_csrf_token(
    csrf_client, staff_user, path, data
):
    csrf_client.force_login(staff_user)

    response = csrf_client.post(path, data)

    assert response.status_code == 403
    staff_user.refresh_from_db()
    assert staff_user.first_name == "Сања"
    assert staff_user.is_active
    assert "_auth_user_id" in csrf_client.session  # not logged out either


def test_security_txt_says_where_to_report_a_vulnerability(client, db, settings):
    settings.SECURITY_CONTACT_EMAIL = "security@example.rs"

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Contact: mailto:security@example.rs" in text
    assert "Expires: " in text
