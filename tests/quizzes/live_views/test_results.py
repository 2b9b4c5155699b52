"""A live session's results, export, QR code, control and projector pages."""

import io
import xml.etree.ElementTree as ET

import pytest
import segno
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from quizzes.live import services
from quizzes.models import LiveQuestion
from tests.helpers import main_text, soup, sr

from .helpers import XLSX, play, right_option, url, wrong_option

pytestmark = pytest.mark.django_db


# --- Results and export ---------------------------------------------------------


def _sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_has_rows_per_question_and_participant(client, session):
    formula = '=HYPERLINK("http://zlo.example/","klik")'
    play(
        session,
        {
            "Сунце": [right_option, lambda q: {"options": sorted(q.correct_ids)}, None],
            formula: [wrong_option, lambda q: {"options": [min(q.option_ids)]}, None],
            "Река": [
                right_option,
                None,
                lambda q: {"text": "CZZTLJ"},  # the accepted answer in Latin
            ],
        },
    )
    client.force_login(session.created_by)
    response = client.get(url("live_export", session))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert f"uzivo-{session.code}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [sr("Questions"), sr("Participants"), sr("Answers")]

    rows = _sheet_rows(workbook[sr("Questions")])
    assert rows[0][:2] == [session.title, session.code]
    by_position = {row[0]: row for row in rows[4:]}
    assert sorted(by_position) == [1, 2, 3]
    # No., kind, question, answers, right, share right, results
    assert by_position[1][2:6] == ["Ко може бити жртва трговине људима?", 3, 2, 67]
    assert "Свако: 2" in by_position[1][6] and "Само странци: 1" in by_position[1][6]
    assert by_position[2][3:6] == [2, 1, 50]
    assert by_position[3][3:6] == [1, 1, 100]

    people = _sheet_rows(workbook[sr("Participants")])
    by_nickname = {row[0]: row for row in people[1:]}
    assert len(by_nickname) == 3
    # nickname, name, e-mail, institution, registered, answered, right, points
    assert by_nickname["Сунце"][5:] == [2, 2, 2]
    assert by_nickname["Река"][5:] == [2, 2, 2]
    neutralised = [name for name in by_nickname if "HYPERLINK" in name]
    assert neutralised == ["'" + formula]
    assert by_nickname["'" + formula][5:] == [2, 0, 0]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)

    answers = _sheet_rows(workbook[sr("Answers")])
    assert len(answers) == 1 + 3 + 2 + 1
    first = [row for row in answers[1:] if row[0] == 1]
    assert sorted(row[2] for row in first) == sorted(["Свако", "Свако", "Само странци"])


def test_reflective_export_has_no_answers_by_person(client, trainer, quiz):
    session = services.session_create(
        user=trainer, title="Рефлексија", quiz=quiz, mode="reflective"
    ).session
    play(
        session, {"Ана": [right_option, None, None], "Бора": [wrong_option, None, None]}
    )
    client.force_login(trainer)
    workbook = load_workbook(
        io.BytesIO(client.get(url("live_export", session)).content)
    )
    assert workbook.sheetnames == [sr("Questions"), sr("Participants")]
    people = _sheet_rows(workbook[sr("Participants")])
    # Answered is kept; right and points are not, in any form.
    assert sorted((row[0], row[5], row[6], row[7]) for row in people[1:]) == [
        ("Ана", 1, None, None),
        ("Бора", 1, None, None),
    ]


def test_results_page_shows_questions_and_people(client, session):
    play(
        session,
        {"Сунце": [right_option, None, None], "Река": [wrong_option, None, None]},
    )
    client.force_login(session.created_by)
    response = client.get(url("live_results", session))
    text = main_text(response)
    assert "Сунце" in text and "Река" in text
    rows = soup(response).find_all("table")[0].find("tbody").find_all("tr")
    first = [cell.get_text(" ", strip=True) for cell in rows[0].find_all("td")]
    assert first[2] == "2 / 2" and first[3] == "50 %"


def _results_queries(client, session) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("live_results", session))
    assert response.status_code == 200
    return len(queries)


def test_results_page_queries_do_not_grow_with_participants(
    client, trainer, quiz, make_user
):
    def session_with(count):
        session = services.session_create(
            user=trainer, title=f"{count} људи", quiz=quiz
        ).session
        answers = {f"Гост {n}": [right_option, None, None] for n in range(count)}
        play(session, answers)
        # A few registrants too: their names and institutions are shown.
        for n in range(count // 3):
            user = make_user(email=f"r{count}-{n}@example.org")
            services.participant_join(session=session, user=user)
        return session

    small, large = session_with(3), session_with(30)
    client.force_login(trainer)
    _results_queries(client, small)  # warm caches (site, permissions)
    few = _results_queries(client, small)
    many = _results_queries(client, large)
    assert many == few
    assert few <= 15


# --- QR code ------------------------------------------------------------------


def test_qr_code_is_an_svg_of_the_join_link(client, session):
    response = client.get(url("live_qr", session))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # The same link encoded by segno gives the same drawing; another link does not.
    link = settings.SITE_URL.rstrip("/") + url("live_play", session)

    def drawing(text):
        buffer = io.BytesIO()
        segno.make(text, error="m").save(
            buffer, kind="svg", scale=8, dark="#111", border=2, xmldecl=False
        )
        return buffer.getvalue()

    assert response.content == drawing(link)
    assert response.content != drawing(link.replace(session.code, "ZZZZZZ"))


def test_qr_code_of_an_unknown_session_is_not_found(client):
    assert client.get(reverse("quizzes:live_qr", args=["ZZZZZZ"])).status_code == 404


def test_control_page_lists_the_questions(client, session):
    client.force_login(session.created_by)
    response = client.get(url("live_control", session))
    buttons = soup(response).find_all(attrs={"data-action": "show"})
    assert [int(b["data-question"]) for b in buttons] == list(
        LiveQuestion.objects.filter(session=session)
        .order_by("position")
        .values_list("pk", flat=True)
    )


def test_a_room_computer_opens_the_projector_with_the_screen_key(
    client, session, participant
):
    screen = url("live_screen", session)
    with_key = client.get(screen, {"kljuc": session.screen_key})
    assert with_key.status_code == 200
    assert with_key.context["key"] == session.screen_key
    assert with_key["Referrer-Policy"] == "no-referrer"
    wrong = client.get(screen, {"kljuc": session.screen_key + "x"})
    assert wrong.status_code == 302 and "/login" in wrong.url
    client.force_login(participant)
    assert client.get(screen, {"kljuc": "pogresan"}).status_code == 403
    # The key opens the projector only: the control still needs the trainer.
    assert client.get(url("live_control", session)).status_code == 403


def test_the_control_page_shows_the_projector_address(client, session, trainer):
    client.force_login(trainer)
    content = client.get(url("live_control", session)).content.decode()
    assert f"?kljuc={session.screen_key}" in content
