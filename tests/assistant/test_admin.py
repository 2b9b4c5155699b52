"""Staff edit curated answers, synonyms and the Centre's contacts in the admin."""

import pytest
from wagtail.models import Site

from assistant import answers
from assistant.models import FaqEntry
from lms.models import CentreContacts


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/assistant/faqentry/add/",
        "/admin/snippets/assistant/synonym/",
        "/admin/snippets/assistant/synonym/add/",
    ],
)
def test_staff_open_the_assistants_admin_pages(client, staff_user, url):
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_staff_add_a_curated_answer_in_the_admin(
    client, staff_user, home_page, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/snippets/assistant/faqentry/add/",
            {
                "question": "Колико траје обука?",
                "slug": "trajanje",
                "variants": "Колико дуго траје семинар?",
                "answer": '{"blocks": [{"key": "a", "type": "unstyled", "text": '
                '"Обука траје један дан, од 10 до 15.30.", "depth": 0, '
                '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
                "links-TOTAL_FORMS": "0",
                "links-INITIAL_FORMS": "0",
                "links-MIN_NUM_FORMS": "0",
                "links-MAX_NUM_FORMS": "1000",
                "live": "on",
            },
        )
    assert response.status_code == 302
    assert FaqEntry.objects.filter(slug="trajanje").exists()
    answer = answers.ask("koliko dugo traje seminar")
    assert answer.faq["document"] == "faq:trajanje"


def test_the_centres_contacts_come_from_the_site_settings(home_page):
    site = Site.objects.get(is_default_site=True)
    contacts = CentreContacts.for_site(site)
    contacts.phone = "+381 11 123 4567"
    contacts.emergency_numbers = "192 — Полиција\n1234 — СОС линија"
    contacts.save()
    shown = answers.contacts_for(site)
    assert shown["phone"] == "+381 11 123 4567"
    assert shown["emergency"] == [
        {"number": "192", "label": "Полиција"},
        {"number": "1234", "label": "СОС линија"},
    ]
