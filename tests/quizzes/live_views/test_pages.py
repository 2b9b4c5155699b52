"""The live pages: joining, who may run a session, creating one, adding questions."""

import pytest
from django.urls import reverse

from quizzes.models import LiveSession
from tests.helpers import field_errors, form_values, main_text, soup, sr

from .helpers import XLSX, url

pytestmark = pytest.mark.django_db


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
