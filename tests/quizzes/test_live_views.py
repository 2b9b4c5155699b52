"""Pages of live sessions: join, phone, control, projector, results, export, QR."""

import io
import xml.etree.ElementTree as ET

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lms.roles import TRAINER
from quizzes.live import services
from quizzes.models import LiveQuestion, LiveSession
from tests.helpers import field_errors, form_values, main_text, soup, sr

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def other_trainer(make_user):
    return make_user(
        email="drugi.trener@example.org", first_name="Драган", role=TRAINER
    )


@pytest.fixture
def quiz(make_question, make_quiz):
    return make_quiz(
        [
            make_question(
                "single",
                text="Ко може бити жртва трговине људима?",
                options=[("Свако", True), ("Само странци", False)],
            ),
            make_question(
                "multiple",
                text="Шта су средства трговине људима?",
                options=[("Обмана", True), ("Принуда", True), ("Плата", False)],
            ),
            make_question("matching", options=[("Радња", "врбовање")]),
            make_question("ordering", options=[("Прво", True), ("Друго", True)]),
            make_question("short_text", text="Скраћеница Центра?", accepted="ЦЗЖТЉ"),
        ]
    )


@pytest.fixture
def session(trainer, quiz):
    return services.session_create(user=trainer, title="Ниш, 2026", quiz=quiz).session


def url(name, session, **kwargs):
    return reverse(f"quizzes:{name}", args=[session.code])


def play(session, answers, *, reveal=True, user=None):
    """Play every question of ``session``: ``answers`` maps nickname → responses.

    Each response is a callable of the question (so it can pick an option id)
    or None to skip that question.
    """
    user = user or session.created_by
    people = {
        name: services.participant_join(session=session, nickname=name)
        for name in answers
    }
    for question in session.questions.order_by("position"):
        services.session_control(session_id=session.pk, user=user, action="next")
        services.session_control(session_id=session.pk, user=user, action="open")
        submissions = []
        for name, responses in answers.items():
            respond = responses[question.position - 1]
            if respond is not None:
                submissions.append(
                    services.Submission(people[name].pk, question.pk, respond(question))
                )
        stored = services.answers_store(session_id=session.pk, submissions=submissions)
        assert [outcome.error for outcome in stored] == [None] * len(submissions)
        services.session_control(
            session_id=session.pk, user=user, action="reveal" if reveal else "close"
        )
    return people


def right_option(question):
    return {"option": sorted(question.correct_ids)[0]}


def wrong_option(question):
    return {"option": sorted(question.option_ids - question.correct_ids)[0]}


# --- Joining -------------------------------------------------------------------


def test_unknown_code_shows_the_error_and_keeps_the_code(client):
    response = client.get(reverse("quizzes:live_join"), {"kod": "zz 99zz"})
    assert response.status_code == 200
    error = sr("There is no session with this code. Check the code on the screen.")
    assert error in main_text(response)
    field = soup(response).find(id="live-code")
    assert field["value"].upper() == "ZZ99ZZ"  # as typed, spaces dropped
    assert field["aria-invalid"] == "true"


def test_join_page_without_a_code_shows_no_error(client):
    response = client.get(reverse("quizzes:live_join"))
    assert response.status_code == 200
    assert soup(response).find(id="live-code-error") is None


def test_known_code_goes_to_the_play_page_in_any_case(client, session):
    for typed in (session.code, session.code.lower(), f" {session.code.lower()} "):
        response = client.get(reverse("quizzes:live_join"), {"kod": typed})
        assert response.status_code == 302, typed
        assert response["Location"] == url("live_play", session)


def test_play_page_of_an_unknown_code_goes_back_to_the_join_page(client):
    response = client.get(reverse("quizzes:live_play", args=["ABC234"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:live_join") + "?kod=ABC234"


def test_play_page_lowercase_code(client, session):
    response = client.get(reverse("quizzes:live_play", args=[session.code.lower()]))
    assert response.status_code == 200
    assert soup(response).find(attrs={"data-live": "participant"})["data-code"] == (
        session.code
    )


def test_play_page_for_a_guest_when_guests_may_join(client, session):
    response = client.get(url("live_play", session))
    assert response.status_code == 200
    page = soup(response)
    assert page.find(attrs={"data-live": "participant"})["data-code"] == session.code
    assert page.find("form", attrs={"data-live-join": True}) is not None
    assert page.find(class_="notice") is None


def test_play_page_asks_a_guest_to_log_in_when_guests_may_not(client, session):
    session.allow_guests = False
    session.save()
    response = client.get(url("live_play", session))
    assert response.status_code == 200
    page = soup(response)
    assert page.find("form", attrs={"data-live-join": True}) is None
    notice = page.find(class_="notice")
    assert notice is not None
    login = reverse("account_login") + "?next=" + url("live_play", session)
    assert notice.find("a")["href"] == login


def test_play_page_lets_a_logged_in_person_in_when_guests_may_not(
    client, session, participant
):
    session.allow_guests = False
    session.save()
    client.force_login(participant)
    page = soup(client.get(url("live_play", session)))
    assert page.find(class_="notice") is None
    assert page.find("form", attrs={"data-live-join": True}) is not None


# --- Who may run a session ----------------------------------------------------

STAFF_PAGES = ["live_control", "live_screen", "live_results", "live_export"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_is_sent_to_log_in(client, session, name):
    response = client.get(url(name, session))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_participant_and_other_trainer_are_refused(
    client, session, participant, other_trainer, name
):
    for person in (participant, other_trainer):
        client.force_login(person)
        assert client.get(url(name, session)).status_code == 403, person


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_the_sessions_trainer_and_staff_may(client, session, staff_user, name):
    for person in (session.created_by, staff_user):
        client.force_login(person)
        response = client.get(url(name, session))
        assert response.status_code == 200, person
    if name == "live_export":
        assert response["Content-Type"] == XLSX


@pytest.fixture
def training_of(home_page):
    """A training on which ``user`` lectures."""
    import datetime

    from django.utils import timezone

    from events.models import TrainerProfile, TrainingIndexPage, TrainingPage
    from lms.models import Municipality

    def make(user):
        index = TrainingIndexPage.objects.first() or home_page.add_child(
            instance=TrainingIndexPage(title="Календар обука", slug="kalendar")
        )
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
        training = index.add_child(
            instance=TrainingPage(
                title="Обука у Нишу",
                slug="obuka-nis",
                start=start,
                end=start + datetime.timedelta(hours=6),
                venue_name="Сала",
                municipality=Municipality.objects.local_self_government_units().get(
                    name="Ниш"
                ),
                capacity=30,
                registration_closes=start - datetime.timedelta(days=1),
            )
        )
        training.lecturers.add(TrainerProfile.objects.create(name="П", user=user))
        training.save()
        return training

    return make


def test_a_lecturer_of_the_sessions_training_may_run_it(
    client, session, other_trainer, training_of
):
    client.force_login(other_trainer)
    assert client.get(url("live_control", session)).status_code == 403
    session.training = training_of(other_trainer)
    session.save()
    for name in STAFF_PAGES:
        assert client.get(url(name, session)).status_code == 200, name


QUICK = {"kind": "single", "text": "Брзо питање?", "options": "*Да\nНе"}


def test_quick_question_permissions(client, session, participant, other_trainer):
    before = session.questions.count()
    path = url("live_question_add", session)
    response = client.post(path, QUICK)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    for person in (participant, other_trainer):
        client.force_login(person)
        assert client.post(path, QUICK).status_code == 403
    assert session.questions.count() == before


def test_create_page_permissions(client, participant, other_trainer, staff_user):
    path = reverse("quizzes:live_create")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(participant)
    assert client.get(path).status_code == 403
    for person in (other_trainer, staff_user):
        client.force_login(person)
        assert client.get(path).status_code == 200


# --- Creating a session and adding questions ----------------------------------


def test_create_copies_the_quiz_and_leaves_out_what_cannot_be_played(
    client, trainer, quiz
):
    client.force_login(trainer)
    response = client.post(
        reverse("quizzes:live_create"),
        {
            "title": "Крагујевац, март",
            "quiz": quiz.pk,
            "training": "",
            "mode": "quiz",
            "allow_guests": "on",
            "show_leaderboard": "on",
        },
        follow=True,
    )
    session = LiveSession.objects.get(title="Крагујевац, март")
    assert response.redirect_chain == [(url("live_control", session), 302)]
    assert session.created_by == trainer
    assert session.quiz == quiz
    assert session.allow_guests and session.show_leaderboard
    copied = list(session.questions.order_by("position"))
    assert [(q.position, q.kind) for q in copied] == [
        (1, "single"),
        (2, "multiple"),
        (3, "short_text"),
    ]
    assert copied[0].text == "Ко може бити жртва трговине људима?"
    assert [(o["text"], o["correct"]) for o in copied[1].options] == [
        ("Обмана", True),
        ("Принуда", True),
        ("Плата", False),
    ]
    assert copied[2].accepted_answers == ["ЦЗЖТЉ"]
    warning = sr(
        "%(count)d questions of the quiz (matching or ordering) cannot "
        "be played live and were left out."
    ) % {"count": 2}
    messages = soup(response).find(class_="messages")
    assert messages is not None and warning in messages.get_text()


def test_create_without_a_quiz_gives_no_warning(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("quizzes:live_create"),
        {"title": "Анкета", "quiz": "", "training": "", "mode": "reflective"},
        follow=True,
    )
    session = LiveSession.objects.get(title="Анкета")
    assert session.questions.count() == 0
    assert session.mode == "reflective" and not session.show_leaderboard
    assert soup(response).find(class_="message--warning") is None


def test_quick_question_with_one_option_is_refused_and_kept(client, session):
    client.force_login(session.created_by)
    before = list(session.questions.values_list("pk", flat=True))
    response = client.post(
        url("live_question_add", session),
        {"kind": "single", "text": "Ко долази на обуку?", "options": "*Сви"},
    )
    assert response.status_code == 400
    assert sr("Give at least two options.") in field_errors(response, "options")
    values = form_values(response)
    assert values["text"].strip() == "Ко долази на обуку?"
    assert values["options"].strip() == "*Сви"
    assert values["kind"] == "single"
    assert list(session.questions.values_list("pk", flat=True)) == before


def test_quick_question_is_added_at_the_end_with_right_answers(
    client, session, staff_user
):
    client.force_login(staff_user)
    last = session.questions.order_by("-position").first().position
    response = client.post(
        url("live_question_add", session),
        {
            "kind": "multiple",
            "text": "Који су облици експлоатације?",
            "options": "* Радна\nПросјачење само у селу\n*Сексуална\n\n",
            "time_limit": "30",
        },
        follow=True,
    )
    assert response.redirect_chain == [(url("live_control", session), 302)]
    added = session.questions.order_by("-position").first()
    assert added.position == last + 1
    assert added.kind == "multiple"
    assert added.text == "Који су облици експлоатације?"
    assert added.options == [
        {"id": 1, "text": "Радна", "correct": True},
        {"id": 2, "text": "Просјачење само у селу", "correct": False},
        {"id": 3, "text": "Сексуална", "correct": True},
    ]
    assert added.time_limit == 30
    assert added.points == 1
    assert sr("The question was added at the end.") in main_text(response)
    # The control page lists it.
    assert "Који су облици експлоатације?" in main_text(response)


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
    link = "http://testserver" + url("live_play", session)

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
