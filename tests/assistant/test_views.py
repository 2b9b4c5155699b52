"""The /pitajte/ page without JavaScript, privacy, the admin list, commands."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from assistant.models import UnansweredQuestion
from assistant.services import unanswered_purge
from assistant.views import TOPIC_KEY

pytestmark = pytest.mark.usefixtures("indexed")


def test_the_plain_form_answers_without_javascript(client):
    response = client.post("/pitajte/", {"question": "pristanak sredstvo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-passage="lesson:pristanak#1"' in html
    assert "<mark>пристанак</mark>" in html
    assert 'href="/kursevi/kurs/pristanak/"' in html


def test_a_question_is_escaped_on_the_page(client):
    response = client.post("/pitajte/", {"question": "<script>x</script> pristanak"})
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_an_empty_question_gets_a_clear_message(client):
    response = client.post("/pitajte/", {"question": "  "})
    assert response.status_code == 200
    assert "Напишите питање." in response.content.decode()
    assert UnansweredQuestion.objects.count() == 0


def test_the_panel_gets_only_the_answer(client):
    response = client.post(
        "/pitajte/",
        {"question": "pristanak sredstvo"},
        headers={"X-Requested-With": "fetch"},
    )
    html = response.content.decode()
    assert html.strip().startswith("<article")
    assert "<html" not in html


def test_no_identity_is_stored_with_a_question(client, participant):
    client.force_login(participant)
    client.post("/pitajte/", {"question": "pristanak sredstvo"})
    client.post("/pitajte/", {"question": "Kako Jovana pravi picu? 0641234567"})
    # Answered questions are not kept at all; the session keeps stems only.
    assert list(client.session[TOPIC_KEY]) == ["pristanak", "sredstv"]
    kept = UnansweredQuestion.objects.get()
    assert "Jovana" not in kept.text and "0641234567" not in kept.text
    field_names = {field.name for field in UnansweredQuestion._meta.get_fields()}
    assert field_names == {"id", "text", "reason", "asked_on"}


def test_staff_see_the_unanswered_questions_and_others_do_not(
    client, staff_user, participant
):
    UnansweredQuestion.objects.create(text="Колико кошта паркинг?", reason="no_match")
    client.force_login(participant)
    assert client.get("/admin/assistant/unanswered/").status_code in (302, 403)
    client.force_login(staff_user)
    response = client.get("/admin/assistant/unanswered/")
    assert "Колико кошта паркинг?" in response.content.decode()


def test_old_unanswered_questions_are_forgotten(settings):
    settings.ASSISTANT_UNANSWERED_DAYS = 30
    old = UnansweredQuestion.objects.create(text="старо", reason="no_match")
    UnansweredQuestion.objects.filter(pk=old.pk).update(
        asked_on=datetime.date.today() - datetime.timedelta(days=31)
    )
    UnansweredQuestion.objects.create(text="ново", reason="no_match")
    assert unanswered_purge() == 1
    assert list(UnansweredQuestion.objects.values_list("text", flat=True)) == ["ново"]


def test_the_command_prints_the_answer_as_json():
    out = io.StringIO()
    call_command("assistant_ask", "pristanak sredstvo", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["declined"] is False
    assert data["passages"][0]["title"] == "Пристанак и средства"
    assert set(data["passages"][0]) >= {"title", "url", "text", "score"}
    out = io.StringIO()
    call_command("assistant_ask", "recept za sarmu", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["declined"] is True and data["reason"] == "no_match"


def test_the_panel_shows_the_error_of_an_empty_question(client):
    response = client.post(
        "/pitajte/", {"question": ""}, headers={"X-Requested-With": "fetch"}
    )
    assert "Напишите питање." in response.content.decode()
    assert "data-error" in response.content.decode()


def test_every_page_has_the_assistant_link(client, home_page):
    html = client.get("/").content.decode()
    assert 'href="/pitajte/"' in html and "data-assistant-open" in html
    assert "assistant/js/assistant" in html
