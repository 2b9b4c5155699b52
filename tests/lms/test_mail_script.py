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


def test_account_emails_sign_with_the_site_name_and_link_the_site_url(
    client, home_page, settings
):
    settings.SITE_URL = "https://obuke.example.rs"
    site = home_page.get_site()
    site.site_name = "ЦЗЖТЉ обуке"
    site.save()

    _sign_up(client, "potpis@example.org")

    body = mail.outbox[0].body
    assert "ЦЗЖТЉ обуке" in body
    assert "testserver" not in body
    links = re.findall(r"https?://\S+", body)
    assert links and all(link.startswith("https://obuke.example.rs/") for link in links)
