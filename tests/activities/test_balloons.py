"""Anxiety balloons over real websockets: anonymous, grouped, moderated."""

import json

import pytest
from channels.db import database_sync_to_async

from activities import services
from activities.models import ActivityRun, Balloon, BalloonTally
from tests.activities.helpers import Client, act, control_for, joined_phone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_boards(settings):
    settings.LIVE_RESULTS_INTERVAL = 0.05


async def test_moderated_balloons_reach_the_projector_grouped(
    balloons_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=True)
    control = await control_for(run, trainer)
    screen = Client(f"/ws/activity/{run.code}/screen/?kljuc={run.screen_key}")
    await screen.connect()
    await screen.wait_for("board")
    await act(control, "start")
    first = await joined_phone(run, address="10.0.0.1")
    second = await joined_phone(run, address="10.0.0.2")
    await first.send(type="balloon", text="  Страх ", ref=1)
    assert (await first.wait_for("ack", ref=1))["text"] == "Страх"
    # Another script and case, with an accent: the same balloon.
    await second.send(type="balloon", text="STRAH", ref=1)
    await second.wait_for("ack", ref=1)
    board = await control.wait_until("board", lambda m: len(m["pending"]) == 2)
    assert board["balloons"] == []
    for item in board["pending"]:
        await act(control, "moderate", item=item["id"], status="approved")
    shown = await screen.wait_until("board", lambda m: m["total"] == 2)
    assert shown["balloons"] == [{"text": "Страх", "count": 2}]
    assert "pending" not in shown
    for client in (control, screen, first, second):
        await client.close()


async def test_without_moderation_a_balloon_rises_at_once(
    balloons_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=False)
    control = await control_for(run, trainer)
    await act(control, "start")
    phone = await joined_phone(run)
    await phone.send(type="balloon", text="Усамљеност")
    board = await control.wait_until("board", lambda m: m["total"] == 1)
    assert board["balloons"][0]["text"] == "Усамљеност"
    await control.close()
    await phone.close()


async def test_nothing_of_the_person_is_stored_and_closing_deletes_the_words(
    balloons_content, make_run, trainer, participant
):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=False)
    control = await control_for(run, trainer)
    await act(control, "start")
    # A logged-in participant: their account must not reach the database.
    phone = await joined_phone(run, user=participant, address="10.9.9.9")
    await phone.send(type="balloon", text="срамота", ref=1)
    await phone.wait_for("ack", ref=1)

    fields = {field.name for field in Balloon._meta.get_fields()}
    assert fields == {"id", "run", "text", "key", "status"}
    rows = await database_sync_to_async(lambda: list(Balloon.objects.values()))()
    assert [{k: v for k, v in row.items() if k != "id"} for row in rows] == [
        {"run_id": run.pk, "text": "срамота", "key": "sramota", "status": "approved"}
    ]
    stored = json.dumps(rows, ensure_ascii=False)
    for personal in (participant.email, "10.9.9.9", participant.first_name):
        assert personal not in stored

    await act(control, "close")
    assert await database_sync_to_async(Balloon.objects.count)() == 0
    assert await database_sync_to_async(BalloonTally.objects.count)() == 0
    await control.close()
    await phone.close()


async def test_the_saved_list_keeps_only_words_and_counts(
    balloons_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=False)
    control = await control_for(run, trainer)
    await act(control, "start")
    phone = await joined_phone(run)
    for ref, word in enumerate(["страх", "Strah", "стид"]):
        await phone.send(type="balloon", text=word, ref=ref)
        await phone.wait_for("ack", ref=ref)
    await control.send(type="action", action="keep_list", data={}, ref="k")
    assert (await control.wait_for("kept", ref="k"))["words"] == 2
    await act(control, "close")
    tallies = await database_sync_to_async(
        lambda: sorted(
            BalloonTally.objects.filter(run=run).values_list("text", "count")
        )
    )()
    assert tallies == [("стид", 1), ("страх", 2)]
    assert await database_sync_to_async(Balloon.objects.count)() == 0
    await control.close()
    await phone.close()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid"),
        ("   ", "invalid"),
        (42, "invalid"),
        (["страх"], "invalid"),
        ("a" * 41, "too_long"),
        ("једна две три четири пет шест", "too_long"),
        ("\u200b\u200b", "invalid"),
        ("!!!", "invalid"),
    ],
)
async def test_malformed_balloons_are_refused_and_nothing_is_stored(
    balloons_content, make_run, trainer, text, code
):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=False)
    await database_sync_to_async(services.run_start)(run_id=run.pk)
    phone = await joined_phone(run)
    await phone.send(type="balloon", text=text, ref=7)
    error = await phone.wait_for("error", ref=7)
    assert error["code"] == code
    assert await database_sync_to_async(Balloon.objects.count)() == 0
    await phone.close()


async def test_a_phone_that_sends_too_fast_is_slowed_down(balloons_content, make_run):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=False)
    await database_sync_to_async(services.run_start)(run_id=run.pk)
    phone = await joined_phone(run)
    codes = []
    for ref in range(5):
        await phone.send(type="balloon", text=f"реч {ref}", ref=ref)
        reply = await phone.receive()
        codes.append(reply.get("code") or reply["type"])
    assert codes == ["ack", "ack", "ack", "slow_down", "slow_down"]
    assert await database_sync_to_async(Balloon.objects.count)() == 3
    await phone.close()


async def test_before_the_start_and_before_joining_nothing_is_taken(
    balloons_content, make_run
):
    run = await database_sync_to_async(make_run)(balloons_content)
    phone = Client(f"/ws/activity/{run.code}/")
    await phone.connect()
    await phone.wait_for("welcome")
    await phone.send(type="balloon", text="страх", ref=1)
    assert (await phone.wait_for("error", ref=1))["code"] == "not_joined"
    await phone.send(type="join")
    await phone.wait_for("state", state="lobby")
    await phone.send(type="balloon", text="страх", ref=2)
    assert (await phone.wait_for("error", ref=2))["code"] == "not_running"
    await phone.close()


async def test_hostile_frames_do_not_kill_the_phone(balloons_content, make_run):
    run = await database_sync_to_async(make_run)(balloons_content)
    phone = await joined_phone(run)
    for raw in (
        "{not json",
        "[" * 2000 + "]" * 2000,
        b"\xff\xfe",
        '{"type": "action"}',
    ):
        await phone.send_raw(raw)
        assert (await phone.wait_for("error"))["code"] in ("malformed", "unknown_type")
    await phone.send(type="ping", ref="p")
    assert (await phone.wait_for("pong"))["ref"] == "p"
    await phone.send_raw(json.dumps({"type": "ping", "pad": "x" * 5000}))
    assert (await phone.wait_for("error"))["code"] == "too_large"
    closed = await phone.communicator.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4413}


async def test_a_phone_that_reconnects_gets_the_present(
    balloons_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(balloons_content)
    phone = await joined_phone(run)
    await phone.close()
    control = await control_for(run, trainer)
    await act(control, "start")
    again = Client(f"/ws/activity/{run.code}/")
    await again.connect()
    await again.wait_for("welcome")
    await again.send(type="join")
    assert (await again.wait_for("state"))["state"] == "running"
    await again.close()
    await control.close()


async def test_refused_roles_and_unknown_codes(balloons_content, make_run, participant):
    run = await database_sync_to_async(make_run)(balloons_content)
    for path, user, code in [
        (f"/ws/activity/{run.code}/control/", participant, 4403),
        (f"/ws/activity/{run.code}/screen/", None, 4403),
        (f"/ws/activity/{run.code}/screen/?kljuc=wrong", None, 4403),
        ("/ws/activity/NEMA22/", None, 4404),
    ]:
        client = Client(path, user=user)
        await client.connect()
        assert (await client.receive())["type"] == "error"
        assert await client.communicator.receive_output(timeout=3) == {
            "type": "websocket.close",
            "code": code,
        }
    # A phone may not send control actions.
    phone = await joined_phone(run)
    await phone.send(type="action", action="close", data={}, ref=1)
    assert (await phone.wait_for("error", ref=1))["code"] == "unknown_type"
    await phone.close()
    state = await database_sync_to_async(
        lambda: ActivityRun.objects.get(pk=run.pk).state
    )()
    assert state == "lobby"


async def test_unknown_control_actions_and_bad_moderation(
    balloons_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(balloons_content)
    control = await control_for(run, trainer)
    for action, data, code in [
        ("explode", {}, "unknown_action"),
        ("moderate", {"item": 99999, "status": "approved"}, "not_found"),
        ("moderate", {"item": "1", "status": "approved"}, "not_found"),
        ("moderate", {"item": 1, "status": "deleted"}, "invalid"),
        ("reveal", {}, "not_running"),
    ]:
        await control.send(type="action", action=action, data=data, ref=action)
        assert (await control.wait_for("error", ref=action))["code"] == code
    await control.close()


async def test_a_latin_phone_reads_everything_in_latin(
    balloons_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=False)
    control = await control_for(run, trainer)
    await act(control, "start")
    phone = Client(f"/ws/activity/{run.code}/")
    phone.communicator.scope["cookies"] = {"lms_language": "sr-latn"}
    await phone.connect()
    welcome = await phone.wait_for("welcome")
    assert welcome["activity"]["title"] == "Baloni anksioznosti"
    await phone.send(type="join")
    state = await phone.wait_for("state")
    assert state["prompt"] == "Šta oseća osoba koja ne sme da ode?"
    await phone.send(type="balloon", text="a" * 41, ref=1)
    error = await phone.wait_for("error", ref=1)
    assert error["message"] == "To je predugačko: reč ili kratak izraz, molimo."
    await phone.close()
    await control.close()
