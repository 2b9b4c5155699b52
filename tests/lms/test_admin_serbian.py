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


def test_footer_contacts_follow_an_edit_at_once(client, home_page):
    from lms.models import CentreContacts

    contacts = CentreContacts.for_site(home_page.get_site())
    contacts.phone = "011 111 1111"
    contacts.save()
    assert "011 111 1111" in client.get("/").content.decode()

    contacts.phone = "011 222 2222"
    contacts.save()

    html = client.get("/").content.decode()
    assert "011 222 2222" in html and "011 111 1111" not in html
