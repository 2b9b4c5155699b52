"""A trainer checks people in on a phone while the venue's network drops."""

import re

import pytest
from playwright.sync_api import expect

from events import services
from events.models import Registration
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS
from tests.e2e.helpers import logged_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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


def test_the_row_shows_the_arrival_at_once_without_a_reload(
    page, live_server, client, own_training, trainer, people
):
    registration = services.registration_create(
        training=own_training,
        user=people[1],
        consent_data=True,
        consent_chamber=True,
        notify=False,
    )
    logged_in(page, client, trainer, live_server)
    page.goto(f"{live_server.url}/obuke/{own_training.pk}/prijem/")
    row = page.locator(".checkin-list__item").filter(has_text=people[1].first_name)
    page.evaluate("window.__samePage = true")

    row.locator("[data-checkin-row] button[type=submit]").click()

    # The same row, on the same page: the button is gone and the time is shown.
    expect(row.locator(".badge--ok")).to_contain_text("✓")
    expect(row.locator("[data-checkin-row]")).to_have_count(0)
    expect(row).to_have_class(re.compile("checkin-list__item--present"))
    assert page.evaluate("window.__samePage") is True
    expect(page.locator(".checkin-count strong")).to_have_text("1")
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None


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


def write_y4m(path, text: str, *, width: int = 640, height: int = 480) -> None:
    """A short grey-scale Y4M video of the QR code of ``text``, for a fake camera."""
    import io

    import segno
    from PIL import Image

    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=8)
    code = Image.open(png).convert("L")
    picture = Image.new("L", (width, height), 255)
    picture.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    chroma = bytes([128]) * (width * height // 2)  # 4:2:0, no colour
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            video.write(b"FRAME\n" + picture.tobytes() + chroma)


NO_BARCODE_DETECTOR = "delete window.BarcodeDetector;"


def test_a_phone_without_barcodedetector_scans_checkin_codes_with_jsqr(
    browser_type, live_server, client, own_training, trainer, people, tmp_path
):
    from events.qr import checkin_payload

    registration = services.registration_create(
        training=own_training,
        user=people[0],
        consent_data=True,
        consent_chamber=True,
        notify=False,
    )
    video = tmp_path / "qr.y4m"
    write_y4m(video, checkin_payload(registration))
    browser = browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_FLAGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        context.grant_permissions(["camera"], origin=live_server.url)
        context.add_init_script(NO_BARCODE_DETECTOR)
        page = context.new_page()
        logged_in(page, client, trainer, live_server)
        page.goto(f"{live_server.url}/obuke/{own_training.pk}/prijem/")
        assert page.evaluate("'BarcodeDetector' in window") is False

        camera = page.locator("[data-checkin-camera]")
        camera.click()

        expect(page.locator("[data-checkin-status]")).to_contain_text(
            people[0].first_name
        )
        expect(page.locator(".checkin-count strong")).to_have_text("1")
        assert Registration.objects.get(pk=registration.pk).checked_in_at is not None
        # Stopping the camera releases it and stops the scanning loop.
        stop = page.locator("[data-checkin-camera-stop]")
        expect(stop).to_be_focused()
        stop.click()
        expect(page.locator("[data-checkin-video]")).to_be_hidden()
        expect(camera).to_be_focused()
        assert page.evaluate("document.querySelector('video').srcObject") is None
    finally:
        browser.close()


def test_without_any_qr_decoder_the_camera_button_stays_hidden(
    page, live_server, client, own_training, trainer
):
    page.context.add_init_script(NO_BARCODE_DETECTOR)
    page.route("**/events/vendor/jsQR.js", lambda route: route.abort())
    logged_in(page, client, trainer, live_server)
    page.goto(f"{live_server.url}/obuke/{own_training.pk}/prijem/")

    expect(page.locator("[data-checkin-status]")).to_be_attached()
    assert page.evaluate("typeof window.jsQR") == "undefined"
    expect(page.locator("[data-checkin-camera]")).to_be_hidden()
