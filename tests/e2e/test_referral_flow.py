"""On a phone: from a screening result to a sent referral to the Centre's reply.

The case worker logs in through the real log-in page and its second-factor
prompt, as production requires of the Centre's roles.
"""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from exercises import demo
from referrals.models import Action, Referral, ReferralEvent
from referrals.roles import CASE_WORKER
from tests.conftest import PASSWORD


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def login(page, client, live_server, user):
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_a_professional_refers_a_case_from_a_phone_and_reads_the_centres_reply(
    live_server, page, browser, client, make_user, settings, tmp_path
):
    settings.REFERRALS_PRIVATE_ROOT = tmp_path / "private"
    settings.MFA_REQUIRED_FOR_ROLES = ["case_worker", "centre_head"]
    settings.REFERRALS_REQUIRE_MFA = True
    demo.load_indicators(demo._json("indicators.json"))
    referrer = make_user(email="prijavilac@example.org", first_name="Петар")
    worker = make_user(email="savetnica@example.org", role=CASE_WORKER)
    secret = generate_totp_secret()
    TOTP.activate(worker, secret)
    login(page, client, live_server, referrer)

    page.goto(f"{live_server.url}/alat/socijalna-zastita/?uzrast=adult")
    boxes = page.locator("input[name=indicator]")
    for index in range(3):
        page.locator(f"label[for={boxes.nth(index).get_attribute('id')}]").click()
    page.locator("form[data-checklist] button[type=submit]").click()
    page.get_by_role("link", name="Ово је стварни случај: пријавите га Центру").click()

    assert page.locator(".danger-box").is_visible()
    assert page.locator(".danger-box a[href='tel:192']").is_visible()
    page.get_by_label("Општина у којој се особа налази").select_option(label="Ниш")
    page.get_by_label("одрасла особа", exact=False).first.check()
    page.get_by_label("Шта сте приметили?").fill("Измишљен опис за тест.")
    page.get_by_role("button", name="Наставите ка слању").click()
    confirm = "Да ли желите да пошаљете пријаву сумње Центру?"
    # A Locator is always truthy: wait for the confirmation heading itself.
    expect(page.get_by_role("heading", name=confirm)).to_be_visible()
    page.get_by_role("button", name="Пошаљите Центру").click()
    assert page.locator("[data-status=received]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    referral = Referral.objects.get()
    assert referral.status == "received"
    assert len(referral.indicator_ids) == 3

    centre = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    centre_page = centre.new_page()
    centre_page.goto(f"{live_server.url}/prijave/centar/")
    assert "/accounts/login/" in centre_page.url
    centre_page.locator("input[name=login]").fill(worker.email)
    centre_page.locator("input[name=password]").fill(PASSWORD)
    centre_page.locator("form:has(input[name=password]) button[type=submit]").click()
    centre_page.wait_for_url("**/accounts/2fa/authenticate/**")
    centre_page.locator("input[name=code]").fill(current_code(secret))
    centre_page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    centre_page.wait_for_url("**/prijave/centar/")
    centre_page.get_by_role("link", name=referral.number).first.click()
    centre_page.locator("form[action$='/poruka/'] textarea").fill(
        "Хвала, јавићемо се данас."
    )
    centre_page.get_by_role("button", name="Пошаљите пријавиоцу").click()
    centre.close()

    page.reload()
    assert page.get_by_text("Хвала, јавићемо се данас.").is_visible()
    # The worker's reads were audited, and only after the second factor.
    assert ReferralEvent.objects.filter(
        referral=referral, actor=worker, action=Action.VIEWED
    ).exists()
