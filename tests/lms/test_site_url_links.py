"""Every link that leaves the page points at the configured SITE_URL.

E-mails, PDFs, QR codes and calendar feeds are read away from the request that
made them, so a link built from the request's host (here Django's "testserver")
would lead nowhere. Each test sets SITE_URL to a public address, produces the
message or file the way the platform does, collects every http(s) link in it
and requires each one to start with that address.
"""

import io
import re

import pytest
import segno
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from certificates import rendering
from certificates.services import certificate_issue
from events import services
from events.exports.chamber import report_pdf
from quizzes.live.services import session_create
from tests.certificates.conftest import attend, held_training, licensed  # noqa: F401
from tests.events.conftest import make_training, training_index  # noqa: F401

SITE = "https://obuke.example.rs"
LINK = re.compile(r"https?://[^\s\"'<>)\]]+")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]


def _links(text: str) -> list[str]:
    return LINK.findall(text)


def _all_on_site(links: list[str]) -> bool:
    return all(link.startswith(SITE + "/") for link in links)


def _mail_links(message) -> list[str]:
    links = _links(message.body)
    for alternative, _kind in getattr(message, "alternatives", []):
        links += _links(alternative)
    for name, content, _type in message.attachments:
        if name.endswith(".ics"):
            text = content.decode() if isinstance(content, bytes) else content
            links += _links(text.replace("\r\n ", ""))
    return links


@pytest.fixture
def qr_payloads(monkeypatch):
    """What every QR code made during the test encodes."""
    made = []
    real = segno.make

    def recording(content, *args, **kwargs):
        made.append(str(content))
        return real(content, *args, **kwargs)

    monkeypatch.setattr(segno, "make", recording)
    monkeypatch.setattr(rendering.segno, "make", recording)
    return made


def test_registration_e_mails_and_their_calendar_files_link_the_site(
    make_training,  # noqa: F811
    participant,
    django_capture_on_commit_callbacks,
):
    training = make_training(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            training=training, user=participant, consent_data=True, consent_chamber=True
        )
    assert mail.outbox, "no confirmation e-mail"
    links = [link for message in mail.outbox for link in _mail_links(message)]
    assert links, "the confirmation names no link"
    assert _all_on_site(links), links
    assert any(training.url in link for link in links)


def test_the_certificate_e_mail_pdf_and_qr_code_link_the_site(
    held_training,  # noqa: F811
    attend,  # noqa: F811
    licensed,  # noqa: F811
    django_capture_on_commit_callbacks,
    qr_payloads,
):
    registration = attend(held_training, licensed, evaluated=True)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(registration=registration)
    assert certificate is not None

    links = [link for message in mail.outbox for link in _mail_links(message)]
    assert links and _all_on_site(links), links

    pdf = rendering.certificate_pdf_bytes(certificate)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    printed = _links(text.replace("\n", ""))
    assert printed, "the certificate prints no verification address"
    assert _all_on_site(printed), printed
    assert qr_payloads and _all_on_site(qr_payloads), qr_payloads
    assert certificate.code_display in qr_payloads[-1]


def test_the_chamber_report_pdf_links_only_the_site(
    held_training,  # noqa: F811
    attend,  # noqa: F811
    licensed,  # noqa: F811
):
    attend(held_training, licensed)
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(report_pdf(held_training))).pages
    )
    assert "testserver" not in text and "127.0.0.1" not in text
    assert _all_on_site(_links(text.replace("\n", "")))


def test_the_calendar_feed_links_the_site(client, make_training):  # noqa: F811
    training = make_training()
    response = client.get(reverse("events:calendar_feed"))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    urls = [str(event["URL"]) for event in events]
    assert urls == [SITE + training.url]


def test_the_live_quiz_qr_code_and_addresses_link_the_site(
    client, trainer, qr_payloads
):
    session = session_create(user=trainer, title="Провера", quiz=None).session
    client.force_login(trainer)

    control = client.get(reverse("quizzes:live_control", args=[session.code]))
    assert control.status_code == 200
    screen = reverse("quizzes:live_screen", args=[session.code])
    projector = f"{SITE}{screen}?kljuc={session.screen_key}"
    assert projector in _links(control.content.decode())
    assert "http://testserver" not in control.content.decode()

    shown = client.get(f"{screen}?kljuc={session.screen_key}").content.decode()
    join = SITE + reverse("quizzes:live_play", args=[session.code])
    assert join in _links(shown)
    assert "http://testserver" not in shown

    qr = client.get(reverse("quizzes:live_qr", args=[session.code]))
    assert qr.status_code == 200
    assert qr_payloads == [join]


def test_the_evaluation_address_shown_in_the_room_is_on_the_site(
    client,
    held_training,  # noqa: F811
    staff_user,
):
    client.force_login(staff_user)
    response = client.get(reverse("events:evaluation_results", args=[held_training.pk]))
    assert response.status_code == 200
    answer = SITE + reverse("events:evaluation_answer", args=[held_training.pk])
    assert answer in response.content.decode()
    assert "http://testserver" not in response.content.decode()
