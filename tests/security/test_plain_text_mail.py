"""Issue 13.11: plain-text e-mails show names as typed; HTML stays escaped."""

from types import SimpleNamespace

from django.core import mail
from django.template.loader import render_to_string

from events import services
from events.emails import registration_email_send
from lms.mail import render_plain_text

NAME = "Ана <script>alert(1)</script> & Марко"
TITLE = 'Обука „Н&Н" <b>Ниш</b>'


def test_a_registration_e_mail_shows_the_name_and_title_unescaped(
    make_user, make_training, django_capture_on_commit_callbacks
):
    person = make_user(email="ana.marko@example.org", first_name=NAME)
    training = make_training(title=TITLE)
    registration = services.registration_create(
        training=training,
        user=person,
        consent_data=True,
        consent_chamber=True,
        notify=False,
    )

    # Queued in the outbox; built and sent once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        registration_email_send(registration, kind="confirmed")

    [message] = mail.outbox
    assert NAME in message.body
    assert TITLE in message.body
    assert "&lt;" not in message.body
    assert "&amp;" not in message.body
    assert "&quot;" not in message.body and "&#x27;" not in message.body


def test_a_certificate_e_mail_shows_the_name_unescaped(db):
    certificate = SimpleNamespace(
        is_completion=False, training=SimpleNamespace(title=TITLE), points=4
    )
    context = {"certificate": certificate, "user": SimpleNamespace(first_name=NAME)}

    body = render_plain_text("certificates/email/issued.txt", context | {"url": "/"})

    assert NAME in body
    assert TITLE in body
    assert "&lt;" not in body and "&amp;" not in body


def test_html_templates_still_escape_what_people_typed(db):
    html = render_to_string(
        "lms/outbox_message.html",
        {"message": SimpleNamespace(subject=NAME, to="", body=NAME, attachments=[])},
    )

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
