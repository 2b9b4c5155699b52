"""Issue 15's resolution criterion for the admin: an editor creates and publishes
a training in the Serbian Wagtail admin and meets none of the English words."""

import re

import pytest
from playwright.sync_api import expect

from events.models import TrainingIndexPage, TrainingPage
from tests.conftest import PASSWORD
from tests.lms.test_admin_editor_sr import ENGLISH_WORDS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def english_on_screen(page) -> list[str]:
    """English admin words in the text the editor sees now."""
    text = page.locator("body").inner_text()
    return [
        word
        for word in ENGLISH_WORDS
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    ]


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def test_an_editor_creates_and_publishes_a_training_in_serbian(
    desktop, live_server, home_page, staff_user
):
    page = desktop
    calendar = home_page.add_child(instance=TrainingIndexPage(title="Календар обука"))
    seen = {}

    # Log in through the site's log-in page, as the admin sends editors there.
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator('input[name="login"]').fill(staff_user.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^sr"))
    seen["dashboard"] = english_on_screen(page)

    # The page explorer, from the sidebar.
    page.goto(f"{live_server.url}/admin/pages/{calendar.pk}/")
    expect(page.get_by_text("Календар обука").first).to_be_visible()
    seen["explorer"] = english_on_screen(page)

    # A new training: title (the slug follows it, in Latin letters).
    page.goto(f"{live_server.url}/admin/pages/{calendar.pk}/add_subpage/")
    seen["page type"] = english_on_screen(page)
    page.goto(f"{live_server.url}/admin/pages/add/events/trainingpage/{calendar.pk}/")
    page.locator("#id_title").fill("Обука у Чачку за стручњаке")
    page.locator("#id_start").fill("2027-03-10 09:00")
    page.locator("#id_end").fill("2027-03-10 15:00")
    page.locator("#id_venue_name").fill("Сала Скупштине града")
    # The municipality list is searchable in either script.
    search = page.locator("[data-searchable-select] input[type=search]").first
    search.fill("cacak")
    expect(page.locator("#id_municipality")).to_have_value(
        str(_municipality_pk("Чачак"))
    )
    seen["editor, content tab"] = english_on_screen(page)

    # Every tab of the editor.
    tabs = page.locator('[role="tab"]')
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        tab.click()
        seen[f"editor, tab {tab.inner_text().strip()}"] = english_on_screen(page)
    expect(page.locator("#id_slug")).to_have_value("obuka-u-cacku-za-strucnjake")

    # Publish: it sits in the footer's drop-down under "Сачувајте нацрт".
    publish = page.locator('button[name="action-publish"]')
    if not publish.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    publish.click()

    expect(page.locator(".messages")).to_contain_text("је направљена и објављена")
    seen["published message"] = english_on_screen(page)

    training = TrainingPage.objects.get(title="Обука у Чачку за стручњаке")
    assert training.live
    assert training.slug == "obuka-u-cacku-za-strucnjake"
    assert training.municipality.name == "Чачак"
    assert TrainingPage.objects.count() == 1  # no stray autosaved draft
    assert {screen: words for screen, words in seen.items() if words} == {}


def _municipality_pk(name: str) -> int:
    from lms.models import Municipality

    return Municipality.objects.local_self_government_units().get(name=name).pk


def test_an_abandoned_new_page_leaves_no_draft_behind(
    desktop, live_server, home_page, staff_user, client
):
    from django.conf import settings

    page = desktop
    calendar = home_page.add_child(instance=TrainingIndexPage(title="Календар обука"))
    client.force_login(staff_user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )

    add_url = f"/admin/pages/add/events/trainingpage/{calendar.pk}/"
    posts = []
    page.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and add_url in r.url else 0,
    )
    page.goto(live_server.url + add_url)
    # Everything a training needs, so that an autosave could create it.
    page.locator("#id_title").fill("Обука која је напуштена")
    page.locator("#id_start").fill("2027-03-10 09:00")
    page.locator("#id_end").fill("2027-03-10 15:00")
    page.locator("#id_venue_name").fill("Сала")
    page.locator("#id_municipality").select_option(str(_municipality_pk("Чачак")))
    page.locator("#id_title").click()
    # Wagtail autosaves after 500 ms; wait well past it, then leave.
    page.wait_for_timeout(3000)
    page.goto(f"{live_server.url}/admin/")

    assert posts == []  # the browser never sent an autosave
    assert not TrainingPage.objects.exists()
