"""Editors meet the Wagtail admin in Serbian, without outside requests."""

from django.conf import settings


def test_admin_dashboard_and_explorer_in_serbian(client, staff_user, home_page):
    client.force_login(staff_user)

    dashboard = client.get("/admin/").content.decode()
    explorer = client.get(f"/admin/pages/{home_page.pk}/").content.decode()

    assert "Site summary" not in dashboard
    assert "Ваше последње измене" in dashboard or "Преглед сајта" in dashboard
    assert "Add child page" not in explorer
    assert "Додајте подстраницу" in explorer


def test_no_gravatar_requests(client, staff_user):
    client.force_login(staff_user)

    html = client.get("/admin/").content.decode()

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert "gravatar.com" not in html
