import re

from django.conf import settings
from django.core import mail


def _sign_up(client, email):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": "Dugacka-lozinka-77",
            "password2": "Dugacka-lozinka-77",
        },
    )


def test_account_emails_are_in_cyrillic_by_default(client, db):
    _sign_up(client, "cirilica@example.org")

    assert len(mail.outbox) == 1
    assert re.search(r"[\u0400-\u04FF]", mail.outbox[0].body)


def test_account_emails_follow_the_latin_script_choice(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sr-latn"

    _sign_up(client, "latinica@example.org")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert not re.search(r"[\u0400-\u04FF]", message.subject + message.body)
    assert "/accounts/confirm-email/" in message.body
