"""On a phone: from a screening result to a sent referral to the Centre's reply."""

import pytest
from django.test import Client

from exercises import demo
from referrals.models import Referral
from referrals.roles import CASE_WORKER


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
    demo.load_indicators(demo._json("indicators.json"))
    referrer = make_user(email="prijavilac@example.org", first_name="Петар")
    worker = make_user(email="savetnica@example.org", role=CASE_WORKER)
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
    assert page.get_by_role("heading", name=confirm)
    page.get_by_role("button", name="Пошаљите Центру").click()
    assert page.locator("[data-status=received]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    referral = Referral.objects.get()
    assert referral.status == "received"
    assert len(referral.indicator_ids) == 3

    centre = browser.new_context(viewport={"width": 360, "height": 740})
    centre_page = centre.new_page()
    # A client of its own: logging in another user would end the referrer's session.
    login(centre_page, Client(), live_server, worker)
    centre_page.goto(f"{live_server.url}/prijave/centar/")
    centre_page.get_by_role("link", name=referral.number).first.click()
    centre_page.locator("form[action$='/poruka/'] textarea").fill(
        "Хвала, јавићемо се данас."
    )
    centre_page.get_by_role("button", name="Пошаљите пријавиоцу").click()
    centre.close()

    page.reload()
    assert page.get_by_text("Хвала, јавићемо се данас.").is_visible()
