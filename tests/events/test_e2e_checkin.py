"""A trainer checks people in on a phone while the venue's network drops."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from events import services
from events.models import Registration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS

    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 360, "height": 740}}


def logged_in(page, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )


def test_scans_made_offline_are_sent_when_the_network_returns(
    page, live_server, client, own_training, trainer, people
):
    registration = services.registration_create(
        training=own_training,
        user=people[0],
        consent_data=True,
        consent_chamber=True,
        notify=False,
    )
    logged_in(page, client, trainer, live_server)
    page.goto(f"{live_server.url}/obuke/{own_training.pk}/prijem/")
    expect(page.locator(".checkin-count")).to_contain_text("0")

    page.context.set_offline(True)
    page.locator("[data-checkin-form] input[name=code]").fill(
        f"CZZTLJ:{registration.checkin_token}"
    )
    page.locator("[data-checkin-form] button[type=submit]").click()
    expect(page.locator("[data-checkin-pending]")).to_have_text("1")
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-checkin-pending]")).to_have_text("")
    expect(page.locator("[data-checkin-status]")).to_contain_text(people[0].first_name)
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None
    expect(page.locator(".checkin-count strong")).to_have_text("1")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_the_checkin_page_reloads_without_a_network(
    page, live_server, client, own_training, trainer, people
):
    registration = services.registration_create(
        training=own_training,
        user=people[0],
        consent_data=True,
        consent_chamber=True,
        notify=False,
    )
    logged_in(page, client, trainer, live_server)
    url = f"{live_server.url}/obuke/{own_training.pk}/prijem/"
    page.goto(url)
    # Wait until the service worker is active.
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker, which caches the page
    expect(page.locator(".checkin-count")).to_contain_text("0")

    page.context.set_offline(True)
    page.reload()

    expect(page.locator("h1")).to_be_visible()
    page.locator("[data-checkin-form] input[name=code]").fill(
        registration.checkin_token
    )
    page.locator("[data-checkin-form] button[type=submit]").click()
    expect(page.locator("[data-checkin-pending]")).to_have_text("1")

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-checkin-pending]")).to_have_text("")
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None
