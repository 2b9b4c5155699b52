"""A phone set to Serbian Latin gets the live session in Latin over the websocket."""

import pytest

from lms.text import to_latin
from quizzes.live import services
from tests.helpers import CYRILLIC
from tests.quizzes.phones import Phone, control_action, joined_phone

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Ко може бити жртва трговине људима?"


@pytest.fixture
def session(make_question, make_quiz, trainer):
    question = make_question(
        "single", text=QUESTION, options=[("Свако", True), ("Само странци", False)]
    )
    return services.session_create(
        user=trainer, title="Ниш, 2026", quiz=make_quiz([question])
    ).session


async def test_latin_phone_gets_latin_and_cyrillic_phone_cyrillic(session, trainer):
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()

    latin = Phone(f"/ws/live/{session.code}/", cookies="lms_language=sr-latn")
    await latin.connect()
    welcome = await latin.wait_for("welcome")
    assert welcome["session"]["title"] == "Niš, 2026"
    await latin.send(type="join", nickname="Звезда")
    me = await latin.wait_for("me")
    assert me["participant"]["nickname"] == "Zvezda"
    cyrillic, _me = await joined_phone(session.code, "Сунце")

    await control_action(control, "next")
    shown = await latin.wait_for("state", phase="shown")
    assert shown["question"]["text"] == to_latin(QUESTION)
    assert shown["question"]["text"] == "Ko može biti žrtva trgovine ljudima?"
    assert [o["text"] for o in shown["question"]["options"]] == [
        "Svako",
        "Samo stranci",
    ]
    assert not CYRILLIC.search(str(shown))
    # The same broadcast reaches the other phone in Cyrillic.
    other = await cyrillic.wait_for("state", phase="shown")
    assert other["question"]["text"] == QUESTION

    # Errors come in Latin too.
    await latin.send(
        type="answer", question=shown["question"]["id"], response={"option": 1}, ref=1
    )
    error = await latin.wait_for("error", ref=1)
    assert error["code"] == "closed"
    assert error["message"] and not CYRILLIC.search(error["message"])

    for phone in (latin, cyrillic, control):
        await phone.close()
