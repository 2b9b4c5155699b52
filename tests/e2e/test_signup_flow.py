"""A new person signs up on a phone, as they would at a training's start."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import Page, expect

from lms.forms import ProfileForm
from lms.models import Institution, Profile, User
from lms.text import to_latin
from tests.helpers import sr


def labelled(page: Page, text: str):
    """The field labelled ``text`` (a required field's label ends with "*")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$"))


def assert_fits_the_screen(page: Page) -> None:
    """Nothing sticks out sideways: the page needs no horizontal scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], page.url


def label(field: str) -> str:
    """The label the profile form shows for ``field``, in Serbian."""
    with translation.override("sr"):
        return str(ProfileForm.base_fields[field].label)


def confirmation_link_from_the_outbox(page: Page, live_server, staff) -> str:
    """The confirmation link as staff read it in the outbox, in their own browser."""
    client = Client()
    client.force_login(staff)
    context = page.context.browser.new_context()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )
    staff_page = context.new_page()
    staff_page.goto(live_server.url + "/dev/outbox/")
    assert_fits_the_screen(staff_page)
    staff_page.get_by_role("link", name=sr("Please Confirm Your Email Address")).click()
    link = staff_page.get_by_role("link", name=re.compile(r"accounts\/confirm-email\/"))
    href = link.get_attribute("href")
    context.close()
    return href


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_person_signs_up_on_a_phone_and_switches_to_latin(
    page: Page, live_server, home_page, outbox_email, staff_user, settings
):
    # E-mail links use the configured site address, as `make run` sets it.
    settings.SITE_URL = live_server.url
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(home_page.title)
    assert_fits_the_screen(page)

    page.get_by_role("link", name=sr("Create an account")).click()
    labelled(page, sr("Email")).fill("jovana@example.org")
    labelled(page, sr("Password")).fill("Dugacka-lozinka-77")
    labelled(page, sr("Password (again)")).fill("Dugacka-lozinka-77")
    assert_fits_the_screen(page)
    page.get_by_role("button", name=sr("Sign Up")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        sr("Verify Your Email Address")
    )

    # No mail server in the demo: the message waits in the outbox, which only
    # the person running the demo (centre staff) reads; they hand the link over.
    page.goto(live_server.url + "/dev/outbox/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(confirmation_link_from_the_outbox(page, live_server, staff_user))
    page.get_by_role("button", name=sr("Confirm")).click()

    expect(page).to_have_url(re.compile(r"/profile/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        sr("Complete your profile")
    )
    assert_fits_the_screen(page)
    labelled(page, label("first_name")).fill("Јована")
    labelled(page, label("last_name")).fill("Јовић")
    page.get_by_label(sr("female"), exact=True).check()
    labelled(page, label("system")).select_option(label="Систем социјалне заштите")
    labelled(page, label("institution_name")).fill("Удружење Светионик Прокупље")
    labelled(page, label("municipality")).select_option(label="Прокупље")
    labelled(page, label("job_title")).fill("саветница")
    page.get_by_role("button", name=sr("Save profile")).click()

    expect(page).to_have_url(live_server.url + "/dashboard/")
    welcome = sr("Welcome, %(name)s") % {"name": "Јована"}
    expect(page.get_by_role("heading", level=1)).to_have_text(welcome)
    expect(page.get_by_text("Удружење Светионик Прокупље")).to_be_visible()
    assert_fits_the_screen(page)

    page.get_by_text(sr("Menu"), exact=True).click()
    page.get_by_role("button", name="Latinica").click()

    expect(page.locator("html")).to_have_attribute("lang", "sr-Latn")
    expect(page.get_by_role("heading", level=1)).to_have_text(to_latin(welcome))
    expect(page.get_by_text("Udruženje Svetionik Prokuplje")).to_be_visible()

    user = User.objects.get(email="jovana@example.org")
    profile = Profile.objects.get(user=user)
    assert profile.is_complete
    assert profile.municipality.name == "Прокупље"
    assert profile.institution == Institution.objects.get(
        name="Удружење Светионик Прокупље", confirmed=False
    )
