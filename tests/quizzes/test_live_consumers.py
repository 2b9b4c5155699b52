"""Live sessions over real websockets (Channels' WebsocketCommunicator).

These tests run on the channel layer of the settings: in memory by default,
Redis when ``LIVE_TEST_LAYER=redis`` (CI runs both).
"""

import json

import pytest
from channels.db import database_sync_to_async

from quizzes.live import services
from quizzes.models import LiveAnswer, LiveParticipant, LiveSession

from .phones import Phone, control_action, joined_phone

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_question_played_end_to_end(session_with_quiz, trainer):
    session = session_with_quiz
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    first_state = await control.wait_for("state")
    assert first_state["phase"] == "lobby"

    phone, me = await joined_phone(session.code, "Сунце")
    assert me["participant"]["nickname"] == "Сунце"
    assert me["score"] == 0

    await control_action(control, "next")
    state = await phone.wait_for("state", phase="shown")
    question = state["question"]
    assert question["position"] == 1
    # Right answers are not sent before the reveal.
    assert all(set(option) == {"id", "text"} for option in question["options"])

    await control_action(control, "open")
    await phone.wait_for("state", phase="open")
    right = question["options"][0]["id"]
    await phone.send(
        type="answer", question=question["id"], response={"option": right}, ref=1
    )
    ack = await phone.wait_for("ack", ref=1)
    assert ack["response"] == {"option": right}

    results = await control.wait_for("results")
    while results["answers"] < 1:
        results = await control.wait_for("results")
    assert [o["count"] for o in results["options"]] == [1, 0]

    await control_action(control, "reveal")
    revealed = await phone.wait_for("state", phase="revealed")
    assert revealed["reveal"]["correct"] == [right]
    result = await phone.wait_for("result")
    assert result == {
        "type": "result",
        "question": question["id"],
        "answered": True,
        "correct": True,
        "points": 1,
        "score": 1,
        "rank": 1,
        "seq": revealed["seq"],
    }
    await phone.close()
    await control.close()


async def test_changed_answer_replaces_the_first(session_with_quiz, trainer):
    session = session_with_quiz
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    phone, _me = await joined_phone(session.code, "Река")
    await control_action(control, "next")
    await control_action(control, "open")
    state = await phone.wait_for("state", phase="open")
    first, second = (o["id"] for o in state["question"]["options"])
    await phone.send(
        type="answer",
        question=state["question"]["id"],
        response={"option": first},
        ref="a",
    )
    await phone.wait_for("ack", ref="a")
    await phone.send(
        type="answer",
        question=state["question"]["id"],
        response={"option": second},
        ref="b",
    )
    await phone.wait_for("ack", ref="b")

    answers = await database_sync_to_async(
        lambda: list(LiveAnswer.objects.values_list("response", "correct"))
    )()
    assert answers == [({"option": second}, False)]

    await control_action(control, "close")
    await phone.wait_for("state", phase="closed")
    await phone.send(
        type="answer",
        question=state["question"]["id"],
        response={"option": first},
        ref="c",
    )
    error = await phone.wait_for("error", ref="c")
    assert error["code"] == "closed"
    answers = await database_sync_to_async(
        lambda: list(LiveAnswer.objects.values_list("response", flat=True))
    )()
    assert answers == [{"option": second}]
    await phone.close()
    await control.close()


async def test_reconnect_keeps_answers_and_score(session_with_quiz, trainer):
    session = session_with_quiz
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    phone, me = await joined_phone(session.code, "Звезда")
    token = me["token"]
    await control_action(control, "next")
    await control_action(control, "open")
    state = await phone.wait_for("state", phase="open")
    right = state["question"]["options"][0]["id"]
    await phone.send(
        type="answer",
        question=state["question"]["id"],
        response={"option": right},
        ref=1,
    )
    await phone.wait_for("ack", ref=1)
    await control_action(control, "reveal")
    await phone.wait_for("result")
    await phone.close()  # the phone loses its connection

    again, me_again = await joined_phone(session.code, "", token=token)
    assert me_again["participant"]["id"] == me["participant"]["id"]
    assert me_again["score"] == 1
    assert me_again["answer"] == {
        "question": state["question"]["id"],
        "response": {"option": right},
    }
    assert me_again["result"]["correct"] is True
    assert await database_sync_to_async(LiveParticipant.objects.count)() == 1
    # The session goes on and the phone that came back follows it.
    await control_action(control, "next")
    follow = await again.wait_for("state", phase="shown")
    assert follow["question"]["position"] == 2
    await again.close()
    await control.close()


async def test_participant_cannot_control(session_with_quiz, participant):
    session = session_with_quiz
    intruder = Phone(f"/ws/live/{session.code}/control/", user=participant)
    await intruder.connect()
    error = await intruder.wait_for("error")
    assert error["code"] == "forbidden"
    output = await intruder.communicator.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4403}

    # A phone that sends a control action on its own socket gets nowhere either.
    phone, _me = await joined_phone(session.code, "Лист")
    await phone.send(type="action", action="next", ref=9)
    error = await phone.wait_for("error", ref=9)
    assert error["code"] == "unknown_type"
    refreshed = await database_sync_to_async(LiveSession.objects.get)(pk=session.pk)
    assert refreshed.phase == "lobby" and refreshed.version == 0
    await phone.close()


async def test_bad_messages_are_refused_and_nothing_is_stored(
    session_with_quiz, trainer
):
    session = session_with_quiz
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    phone, _me = await joined_phone(session.code, "Облак")
    await control_action(control, "next")
    await control_action(control, "open")
    state = await phone.wait_for("state", phase="open")
    question = state["question"]["id"]

    await phone.send_raw("{not json")
    assert (await phone.wait_for("error"))["code"] == "malformed"
    await phone.send(
        type="answer", question=question, response={"option": 999999}, ref=1
    )
    assert (await phone.wait_for("error", ref=1))["code"] == "invalid"
    await phone.send(type="answer", question=question, response="Свако", ref=2)
    assert (await phone.wait_for("error", ref=2))["code"] == "invalid"
    await phone.send(
        type="answer", question=question + 1000, response={"option": 1}, ref=3
    )
    assert (await phone.wait_for("error", ref=3))["code"] == "not_found"
    # The connection is kept after these errors.
    await phone.send(type="ping", ref=4)
    assert (await phone.wait_for("pong"))["ref"] == 4

    await phone.send_raw(json.dumps({"type": "answer", "pad": "x" * 5000}))
    assert (await phone.wait_for("error"))["code"] == "too_large"
    output = await phone.communicator.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4413}
    assert await database_sync_to_async(LiveAnswer.objects.count)() == 0
    await control.close()


async def test_unknown_code_is_refused():
    phone = Phone("/ws/live/ZZZZZZ/")
    await phone.connect()
    error = await phone.wait_for("error")
    assert error["code"] == "not_found"
    assert (await phone.communicator.receive_output(timeout=2))["code"] == 4404


async def test_the_clock_closes_answering_on_its_own(session_with_quiz, trainer):
    session = session_with_quiz
    await database_sync_to_async(session.questions.filter(position=1).update)(
        time_limit=1
    )
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    phone, _me = await joined_phone(session.code, "Сат")
    await control_action(control, "next")
    await control_action(control, "open")
    opened = await phone.wait_for("state", phase="open")
    assert opened["question"]["closes_at"] is not None
    closed = await phone.wait_for("state", timeout=5, phase="closed")
    assert closed["version"] > opened["version"]
    await phone.send(
        type="answer",
        question=opened["question"]["id"],
        response={"option": opened["question"]["options"][0]["id"]},
        ref="late",
    )
    assert (await phone.wait_for("error", ref="late"))["code"] == "closed"
    await phone.close()
    await control.close()


async def test_a_screen_key_opens_the_projector_socket_without_a_login(
    session_with_quiz,
):
    session = session_with_quiz
    screen = Phone(f"/ws/live/{session.code}/screen/?kljuc={session.screen_key}")
    screen.communicator.scope["query_string"] = f"kljuc={session.screen_key}".encode()
    await screen.connect()
    state = await screen.wait_for("state")
    assert state["session"]["code"] == session.code
    await screen.close()

    wrong = Phone(f"/ws/live/{session.code}/screen/")
    wrong.communicator.scope["query_string"] = b"kljuc=nije-taj"
    await wrong.connect()
    assert (await wrong.wait_for("error"))["code"] == "forbidden"
    # Not the control: a key never lets anyone run the session.
    control = Phone(f"/ws/live/{session.code}/control/")
    control.communicator.scope["query_string"] = f"kljuc={session.screen_key}".encode()
    await control.connect()
    assert (await control.wait_for("error"))["code"] == "forbidden"


async def test_only_the_control_sees_answers_waiting_for_approval(
    session_with_quiz, trainer
):
    session = session_with_quiz
    await database_sync_to_async(services.question_add)(
        session=session, kind="open", text="Шта вам помаже?"
    )
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    phone, _me = await joined_phone(session.code, "Тиха")
    question = await database_sync_to_async(
        lambda: session.questions.get(kind="open").pk
    )()
    await control.send(type="action", action="show", data={"question": question}, ref=1)
    await control.wait_for("done", ref=1)
    await control_action(control, "open")
    await phone.send(
        type="answer", question=question, response={"text": "Разговор"}, ref=2
    )
    await phone.wait_for("ack", ref=2)
    screen = Phone(f"/ws/live/{session.code}/screen/", user=trainer)
    await screen.connect()
    results = await screen.wait_for("results")
    assert "pending" not in results and results["approved"] == []
    pending = await control.wait_for("results")
    while not pending.get("pending"):
        pending = await control.wait_for("results")
    assert [a["text"] for a in pending["pending"]] == ["Разговор"]
    for client in (screen, phone, control):
        await client.close()


async def test_a_control_that_connects_takes_over_the_clock(session_with_quiz, trainer):
    """The process that opened the question is gone (here: the question was
    opened without any hub); the trainer's control reconnects and the clock
    still closes answering on time for everyone."""
    session = session_with_quiz
    await database_sync_to_async(session.questions.filter(position=1).update)(
        time_limit=1
    )
    await database_sync_to_async(services.session_control)(
        session_id=session.pk, user=trainer, action="next"
    )
    await database_sync_to_async(services.session_control)(
        session_id=session.pk, user=trainer, action="open"
    )
    phone, _me = await joined_phone(session.code, "Сат2")
    assert [m["phase"] for m in phone.seen if m["type"] == "state"] == ["open"]
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    closed = await phone.wait_for("state", timeout=5, phase="closed")
    assert closed["question"]["position"] == 1
    await phone.close()
    await control.close()


async def test_errors_come_in_the_phones_language(session_with_quiz):
    from tests.helpers import sr

    for cookie, expected in (
        ("lms_language=en", "The message could not be read."),
        ("", sr("The message could not be read.")),
    ):
        phone = Phone(f"/ws/live/{session_with_quiz.code}/", cookies=cookie)
        await phone.connect()
        await phone.wait_for("welcome")
        await phone.send_raw("{")
        assert (await phone.wait_for("error"))["message"] == expected
        await phone.close()
    assert expected != "The message could not be read."  # Serbian really differs
