"""A participant who attended and evaluated downloads the certificate and checks it."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.services import certificates_issue_pending
from tests.certificates.conftest import attend, held_training, licensed  # noqa: F401
from tests.events.conftest import make_training, training_index  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logged_in(page, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )


def test_download_and_verify(
    page,
    client,
    live_server,
    held_training,  # noqa: F811
    attend,  # noqa: F811
    licensed,  # noqa: F811
):
    attend(held_training, licensed, form="active", evaluated=True)
    certificates_issue_pending(training=held_training)
    certificate = Certificate.objects.get(user=licensed)
    logged_in(page, client, licensed, live_server)

    page.goto(f"{live_server.url}/moja-uverenja/")
    expect(page.get_by_text(certificate.code_display).first).to_be_visible()
    with page.expect_download() as info:
        page.locator("a[href$='.pdf']").click()
    path = info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.goto(f"{live_server.url}/verify/{certificate.code_display}")
    expect(page.locator("[data-status=valid]")).to_be_visible()
    expect(page.get_by_text(certificate.holder_name)).to_be_visible()
