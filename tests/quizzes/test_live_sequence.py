"""Live sessions over real websockets: the order of messages, sequence numbers
and the repair of lost broadcasts (issue 12).

These tests run on the channel layer of the settings: in memory by default,
Redis when ``LIVE_TEST_LAYER=redis`` (CI runs both).
"""

import pytest
from channels.db import database_sync_to_async

from quizzes.live import services

from .phones import Phone, control_action, joined_phone

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_acting_control_gets_the_change_before_done_and_only_once(
    session_with_quiz, trainer
):
    session = session_with_quiz
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    first = await control.wait_for("state")
    await control.wait_for("presence")  # the end of the snapshot on connecting
    for number, action in enumerate(("next", "open", "close", "reveal"), start=1):
        await control.send(type="action", action=action, ref=action)
        messages = []
        while not messages or messages[-1]["type"] != "done":
            messages.append(await control.receive())
        states = [m for m in messages if m["type"] == "state"]
        assert [m["seq"] for m in states] == [first["seq"] + number]
        assert messages.index(states[0]) < len(messages) - 1
        assert messages[-1] == {"type": "done", "ref": action, "action": action}
        # Every message of the change carries its sequence number.
        assert all(m["seq"] == states[0]["seq"] for m in messages[:-1])
    # The broadcast skipped the acting control: nothing else is on its way.
    assert await control.communicator.receive_nothing(timeout=0.3)
    await control.close()


async def test_sync_sends_the_present_and_me(session_with_quiz, trainer):
    session = session_with_quiz
    await database_sync_to_async(services.session_control)(
        session_id=session.pk, user=trainer, action="next"
    )
    phone, me = await joined_phone(session.code, "Синхро")
    await phone.send(type="sync", ref="s")
    state = await phone.wait_for("state")
    assert state["phase"] == "shown" and state["seq"] == 1
    again = await phone.wait_for("me")
    assert again["participant"] == me["participant"]
    synced = await phone.wait_for("synced")
    assert synced == {"type": "synced", "ref": "s", "seq": 1}
    await phone.close()


async def test_an_answer_sent_right_after_join_counts(session_with_quiz, trainer):
    """The join is complete before its ``state`` is sent: an answer that a
    phone sends as soon as it sees that state is not refused as not_joined."""
    session = session_with_quiz
    await database_sync_to_async(services.session_control)(
        session_id=session.pk, user=trainer, action="next"
    )
    await database_sync_to_async(services.session_control)(
        session_id=session.pk, user=trainer, action="open"
    )
    question = await database_sync_to_async(lambda: session.questions.get(position=1))()
    phone = Phone(f"/ws/live/{session.code}/")
    await phone.connect()
    await phone.wait_for("welcome")
    await phone.send(type="join", nickname="Брзи")
    await phone.send(
        type="answer",
        question=question.pk,
        response={"option": question.options[0]["id"]},
        ref="first",
    )
    ack = await phone.wait_for("ack", ref="first")
    assert ack["response"] == {"option": question.options[0]["id"]}
    assert not [m for m in phone.seen if m["type"] == "error"]
    await phone.close()


async def test_a_broadcast_lost_by_the_channel_layer_is_repaired(
    session_with_quiz, trainer, settings, monkeypatch
):
    from lms.realtime import get_hub

    settings.REALTIME_RESYNC_INTERVAL = 0.2
    session = session_with_quiz
    control = Phone(f"/ws/live/{session.code}/control/", user=trainer)
    await control.connect()
    phone, _me = await joined_phone(session.code, "Изгубљена")
    await control_action(control, "next")
    await control_action(control, "open")
    state = await phone.wait_for("state", phase="open")
    right = state["question"]["options"][0]["id"]
    await phone.send(
        type="answer", question=state["question"]["id"], response={"option": right}
    )
    await phone.wait_for("ack")

    layer = get_hub().layer
    working = layer.group_send

    async def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(layer, "group_send", down)
    await control.send(type="action", action="reveal", ref="r")
    error = await control.wait_for("error", ref="r")
    assert error["code"] == "not_delivered"
    assert (await control.wait_for("done", ref="r"))["action"] == "reveal"
    monkeypatch.setattr(layer, "group_send", working)

    # The phone never got the broadcast; the hub sends the change again.
    revealed = await phone.wait_for("state", timeout=5, phase="revealed")
    assert revealed["seq"] == state["seq"] + 1
    result = await phone.wait_for("result", timeout=5)
    assert result["correct"] is True and result["score"] == 1
    await phone.close()
    await control.close()
