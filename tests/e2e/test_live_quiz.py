"""A trainer on a laptop and a participant on a phone play a live question.

pytest-django's ``live_server`` is a WSGI thread and cannot carry websockets,
so the ``server`` fixture (conftest.py) starts a real Daphne process
(``tests.quizzes.servers.Server``) on a free port against the test database.
That works the same on PostgreSQL and on SQLite, because the test settings
give SQLite a file test database (another process cannot see an in-memory
one); the test is transactional, so what it creates is committed and visible
to the server, and what the server stores is visible to the test. Channels'
``ChannelsLiveServerTestCase`` does the same (Daphne in a process, no
in-memory SQLite) but is a unittest class, which pytest-playwright's fixtures
do not reach.
"""

import pytest
from playwright.sync_api import expect

from quizzes.live import services
from quizzes.models import (
    LiveAnswer,
    LiveParticipant,
    Option,
    Question,
    Quiz,
    QuizQuestion,
)
from tests.helpers import sr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "Ко може бити жртва трговине људима?"


def label(message: str, **values) -> str:
    """A label of the live pages (quizzes/live/_labels.html) as the page shows it."""
    text = sr(message)
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _question(kind, text, options):
    question = Question.objects.create(kind=kind, text=text)
    for position, (option, right) in enumerate(options):
        Option.objects.create(
            question=question, sort_order=position, text=option, is_correct=right
        )
    return question


@pytest.fixture
def session(trainer):
    quiz = Quiz.objects.create(title="Уживо", slug="uzivo")
    questions = [
        _question("single", QUESTION, [("Свако", True), ("Само странци", False)]),
        _question(
            "true_false", "Жртва је крива.", [("Тачно", False), ("Нетачно", True)]
        ),
    ]
    for position, (question, points) in enumerate(zip(questions, (2, 1), strict=True)):
        QuizQuestion.objects.create(
            quiz=quiz, question=question, sort_order=position, points=points
        )
    return services.session_create(user=trainer, title="Ниш, 2026", quiz=quiz).session


def test_trainer_and_phone_play_a_question(trainer_page, phone, session):
    trainer = trainer_page
    control = f"/uzivo/{session.code}/kontrola/"
    trainer.goto(control)
    status = trainer.locator("[data-live-status]")
    expect(status).to_have_text(label("Waiting to start. Participants are joining."))

    # The phone types the code it reads on the screen, in lower case.
    phone.goto("/uzivo/")
    phone.locator("#live-code").fill(session.code.lower())
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_url(f"**/uzivo/{session.code}/")
    phone.locator("#live-nickname").fill("Сунце")
    phone.locator("[data-live-join] button[type=submit]").click()
    expect(phone.locator("[data-live-me]")).to_contain_text("Сунце")
    expect(phone.locator("[data-live-status]")).to_have_text(
        label("You are in. The trainer will start soon.")
    )
    expect(trainer.locator("[data-live-joined]")).to_have_text(
        label("{count} joined", count=1)
    )

    trainer.locator("[data-action=next]").click()
    expect(trainer.locator("[data-live-question]")).to_have_text(QUESTION)
    expect(phone.locator("[data-live-question]")).to_have_text(QUESTION)
    open_button = trainer.locator("[data-action=open]")
    expect(open_button).to_be_enabled()
    open_button.click()
    expect(phone.locator("[data-live-status]")).to_have_text(
        label("Answering is open.")
    )

    phone.get_by_label("Свако").check()
    phone.locator("[data-live-send]").click()
    expect(phone.locator("[data-live-feedback]")).to_have_text(
        label("Your answer is saved. You can change it while answering is open.")
    )
    expect(trainer.locator("[data-live-answer-count]")).to_have_text(
        label("{count} answers", count=1)
    )

    reveal = trainer.locator("[data-action=reveal]")
    expect(reveal).to_be_enabled()
    reveal.click()
    result = phone.locator("[data-live-result]")
    expect(result.locator(".live-result__verdict")).to_have_text(label("Right answer!"))
    expect(result.locator(".live-result__points")).to_have_text(
        label("+{points} points", points=2)
    )
    expect(result.locator(".live-result__score")).to_contain_text(
        label("Your points: {score}", score=2)
    )
    answer = LiveAnswer.objects.get()
    assert (answer.correct, answer.points) == (True, 2)

    # The phone reloads: its token brings back the same participant and score.
    phone.reload()
    expect(phone.locator("[data-live-me]")).to_have_text(
        "Сунце · " + label("Your points: {score}", score=2)
    )
    expect(phone.locator("[data-live-result] .live-result__verdict")).to_have_text(
        label("Right answer!")
    )
    expect(phone.locator("[data-live-join]")).to_be_hidden()
    assert LiveParticipant.objects.filter(session=session).count() == 1

    # The trainer's page reloads and resumes on the same question.
    trainer.reload()
    expect(trainer.locator("[data-live-question]")).to_have_text(QUESTION)
    expect(trainer.locator("[data-live-progress]")).to_have_text(
        label("Question {n} of {total}", n=1, total=2)
    )
    expect(trainer.locator("[data-live-status]")).to_have_text(label("Results"))
    expect(trainer.locator("[data-action=next]")).to_be_enabled()
    expect(trainer.locator("[data-action=open]")).to_be_disabled()
