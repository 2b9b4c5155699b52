"""Hostile clients (issue 13): frames that are too large, too deep, not JSON or
of an unknown type, handlers that fail, and floods of guests from one address.

Whatever a client sends, its connection leaves the process's hub when it
ends: the hub's count of sockets is back where it started.
"""

import json

import pytest
from channels.db import database_sync_to_async

from lms.realtime import get_hub
from quizzes.live import hub as live_hub
from quizzes.models import LiveAnswer, LiveParticipant

from .phones import Phone, control_action, joined_phone

pytestmark = pytest.mark.django_db(transaction=True)

DEEP = "[" * 2000 + "]" * 2000  # 4,000 bytes: under the size limit
HOSTILE = {
    "too large": json.dumps({"type": "answer", "pad": "x" * 5000}),
    "too deep": DEEP,
    "deep inside an object": json.dumps({"type": "answer"})[:-1]
    + ', "response": '
    + "[" * 1500
    + "]" * 1500
    + "}",
    "not JSON": "{not json",
    "not an object": "[1, 2, 3]",
    "unknown type": json.dumps({"type": "__class__", "ref": 1}),
    "binary": b"\xff\xfe\x00garbage",
}


async def _send(phone: Phone, frame) -> None:
    if isinstance(frame, bytes):
        await phone.communicator.send_to(bytes_data=frame)
    else:
        await phone.send_raw(frame)


async def test_hostile_frames_get_an_error_or_a_clean_close_and_leave_the_hub(
    session_with_quiz,
):
    session = session_with_quiz
    before = get_hub().connection_count()
    for name, frame in HOSTILE.items():
        phone, _me = await joined_phone(session.code, f"Гост {len(name)}{name[:3]}")
        assert get_hub().connection_count() == before + 1
        await _send(phone, frame)
        if name == "too large":
            error = await phone.wait_for("error")
            assert error["code"] == "too_large"
            # A code a server may send (1009 was refused: the client saw 1011).
            output = await phone.communicator.receive_output(timeout=2)
            assert output == {"type": "websocket.close", "code": 4413}, name
        else:
            error = await phone.wait_for("error")
            assert error["code"] in ("malformed", "unknown_type"), name
            # The connection still works.
            await phone.send(type="ping", ref="still")
            assert (await phone.wait_for("pong"))["ref"] == "still", name
        await phone.close()
        assert get_hub().connection_count() == before, name
    assert await database_sync_to_async(LiveAnswer.objects.count)() == 0


async def test_930_hostile_frames_leave_nothing_behind(session_with_quiz):
    """The review's leak: one dead hub entry per frame; here none."""
    session = session_with_quiz
    before = get_hub().connection_count()
    for number in range(30):
        phone, _me = await joined_phone(session.code, f"Поплава {number}")
        await phone.send_raw(DEEP)
        await phone.send_raw("x" * 5000)
        await phone.close()
    assert get_hub().connection_count() == before


async def test_a_failing_handler_costs_the_message_not_the_socket(
    session_with_quiz, trainer, monkeypatch
):
    session = session_with_quiz
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    await control.wait_for("state")
    phone, _me = await joined_phone(session.code, "Квар")
    await control_action(control, "next")
    await control_action(control, "open")
    state = await phone.wait_for("state", phase="open")
    before = get_hub().connection_count()

    async def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(live_hub, "submit", broken)
    await phone.send(
        type="answer",
        question=state["question"]["id"],
        response={"option": state["question"]["options"][0]["id"]},
        ref="a",
    )
    error = await phone.wait_for("error")
    assert error["code"] == "server_error"
    await phone.send(type="ping", ref="b")
    assert (await phone.wait_for("pong"))["ref"] == "b"
    await phone.close()
    assert get_hub().connection_count() == before - 1
    await control.close()


async def test_rate_limited_errors_carry_the_ref(session_with_quiz):
    phone, _me = await joined_phone(session_with_quiz.code, "Брза")
    for number in range(15):
        await phone.send(type="ping", ref=number)
    limited = [await phone.receive() for _ in range(15)]
    refused = [m for m in limited if m["type"] == "error"]
    assert refused and all(m["code"] == "rate_limited" for m in refused)
    assert {m["ref"] for m in refused} <= set(range(15))
    assert all("ref" in m for m in refused)
    await phone.close()


# --- Floods of guests ----------------------------------------------------------


async def test_guest_joins_from_one_address_are_capped(
    session_with_quiz, trainer, settings
):
    settings.LIVE_GUEST_JOINS_PER_ADDRESS = 5
    settings.LIVE_GUEST_JOIN_RATE_PER_ADDRESS = 0.001
    session = session_with_quiz
    phones, refused = [], []
    for number in range(8):
        phone = Phone(f"/ws/live/{session.code}/", address="203.0.113.9")
        await phone.connect()
        await phone.wait_for("welcome")
        await phone.send(type="join", nickname=f"Лажни {number}", ref="j")
        while True:
            message = await phone.receive()
            if message["type"] in ("me", "error"):
                break
        (refused if message["type"] == "error" else phones).append(message)
        await phone.close()
    assert len(phones) == 5
    assert [m["code"] for m in refused] == ["too_many_joins"] * 3
    assert all(m["ref"] == "j" for m in refused)
    assert await database_sync_to_async(LiveParticipant.objects.count)() == 5

    # A phone that joined before comes back with its token: always let in.
    again, me = await joined_phone(
        session.code, "", token=phones[0]["token"], address="203.0.113.9"
    )
    assert me["participant"]["id"] == phones[0]["participant"]["id"]
    # Another address is not affected, and neither is the trainer.
    other, _me = await joined_phone(session.code, "Права", address="198.51.100.7")
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    assert (await control.wait_for("state"))["phase"] == "lobby"
    assert await database_sync_to_async(LiveParticipant.objects.count)() == 6
    for client in (again, other, control):
        await client.close()


async def test_the_refusal_is_in_serbian_on_the_phone(session_with_quiz, settings):
    from tests.helpers import sr

    settings.LIVE_GUEST_JOINS_PER_ADDRESS = 1
    settings.LIVE_GUEST_JOIN_RATE_PER_ADDRESS = 0.001
    await joined_phone(session_with_quiz.code, "Прва", address="203.0.113.10")
    phone = Phone(f"/ws/live/{session_with_quiz.code}/", address="203.0.113.10")
    await phone.connect()
    await phone.wait_for("welcome")
    await phone.send(type="join", nickname="Друга")
    error = await phone.wait_for("error")
    assert error["message"] == sr(
        "Too many people are joining from your network right now. "
        "Wait a few seconds and try again."
    )
    assert "мреже" in error["message"]


async def test_open_sockets_per_address_are_capped(
    session_with_quiz, trainer, settings
):
    settings.REALTIME_MAX_SOCKETS_PER_ADDRESS = 3
    session = session_with_quiz
    phones = []
    for _number in range(3):
        phone = Phone(f"/ws/live/{session.code}/", address="203.0.113.11")
        await phone.connect()
        await phone.wait_for("welcome")
        phones.append(phone)
    fourth = Phone(f"/ws/live/{session.code}/", address="203.0.113.11")
    await fourth.connect()
    assert (await fourth.wait_for("error"))["code"] == "busy"
    assert (await fourth.communicator.receive_output(timeout=2))["code"] == 4503
    # The trainer's views are never counted with the guests.
    control = Phone(
        f"/ws/live/{session.code}/control/", user=trainer, address="203.0.113.11"
    )
    await control.connect()
    assert (await control.wait_for("state"))["phase"] == "lobby"
    # A socket that closes frees its place.
    await phones.pop().close()
    again = Phone(f"/ws/live/{session.code}/", address="203.0.113.11")
    await again.connect()
    assert (await again.wait_for("welcome"))["type"] == "welcome"
    for client in (*phones, again, control):
        await client.close()


async def test_a_session_takes_at_most_its_number_of_guests(
    session_with_quiz, participant, settings
):
    settings.LIVE_MAX_GUESTS_PER_SESSION = 2
    session = session_with_quiz
    for number, address in enumerate(("10.0.0.1", "10.0.0.2")):
        await joined_phone(session.code, f"Гост {number}", address=address)
    phone = Phone(f"/ws/live/{session.code}/", address="10.0.0.3")
    await phone.connect()
    await phone.wait_for("welcome")
    await phone.send(type="join", nickname="Трећи")
    assert (await phone.wait_for("error"))["code"] == "session_full"
    # Someone with an account still gets in.
    registered = Phone(f"/ws/live/{session.code}/", user=participant)
    await registered.connect()
    await registered.wait_for("welcome")
    await registered.send(type="join")
    assert (await registered.wait_for("me"))["participant"]["registered"] is True
    assert await database_sync_to_async(LiveParticipant.objects.count)() == 3


# --- Object-level permission on the websocket (issue 13) ---------------------------


async def test_another_trainer_can_neither_open_the_control_nor_act(
    session_with_quiz, make_user
):
    from lms.roles import TRAINER
    from quizzes.live import services
    from quizzes.live.services import LiveError

    other = await database_sync_to_async(make_user)(
        email="drugi@example.org", role=TRAINER
    )
    for path in ("control", "screen"):
        intruder = Phone(f"/ws/live/{session_with_quiz.code}/{path}/", user=other)
        await intruder.connect()
        assert (await intruder.wait_for("error"))["code"] == "forbidden"
        output = await intruder.communicator.receive_output(timeout=2)
        assert output == {"type": "websocket.close", "code": 4403}
    with pytest.raises(LiveError) as refused:
        await database_sync_to_async(services.session_control)(
            session_id=session_with_quiz.pk, user=other, action="next"
        )
    assert refused.value.code == "forbidden"
