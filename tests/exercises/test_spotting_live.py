"""A live video spotting run: phones mark while the projector plays the video."""

import asyncio
import datetime
import json
import re

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from exercises import services
from exercises.models import ExercisePage, SpottingMark, SpottingPlayback
from exercises.routing import websocket_urlpatterns
from exercises.spotting import grading
from lms.realtime import get_hub

pytestmark = pytest.mark.django_db(transaction=True)

application = URLRouter(websocket_urlpatterns)
KEY_A, KEY_B = "a" * 32, "b" * 32


@pytest.fixture
def run(demo_content, trainer):
    page = ExercisePage.objects.get(slug="indikatori-na-snimku")
    return services.exercise_run_open(page=page, block_id=page.body[0].id, user=trainer)


@pytest.fixture
def offered(run):
    page = run.page.specific
    return [i.pk for i in grading.offered_indicators(page.body[0].value)]


async def receive(communicator, kind: str, timeout: float = 10) -> dict:
    """The next message of ``kind``, skipping others (state, timeline) on the
    way; an error that was not waited for fails the test at once."""
    while True:
        message = json.loads(await communicator.receive_from(timeout=timeout))
        if message["type"] == kind:
            return message
        assert message["type"] != "error", message


async def play(screen, position: float) -> None:
    """Start the video on the projector and wait until the server has it: a
    phone's mark before that is rightly refused as "not started"."""
    await send(screen, {"type": "playback", "playing": True, "position": position})
    state = await receive(screen, "state")
    while not state["playing"]:
        state = await receive(screen, "state")


async def phone(run, key: str = ""):
    path = f"/ws/spotting/{run.code}/" + (f"?phone={key}" if key else "")
    communicator = WebsocketCommunicator(application, path)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def projector(run, user):
    communicator = WebsocketCommunicator(
        application, f"/ws/spotting/{run.code}/screen/"
    )
    communicator.scope["user"] = user
    await communicator.connect()
    return communicator


async def send(communicator, message: dict) -> None:
    await communicator.send_to(text_data=json.dumps(message))


async def test_a_phone_joins_and_gets_a_key_the_state_and_its_marks(run):
    communicator = await phone(run)
    welcome = await receive(communicator, "welcome")
    assert len(welcome["phone"]) == 32
    state = await receive(communicator, "state")
    assert state["started"] is False and state["closed"] is False
    assert (await receive(communicator, "mine"))["marks"] == []
    await communicator.disconnect()


async def test_marks_wait_for_the_video_then_get_the_videos_time(run, trainer, offered):
    screen = await projector(run, trainer)
    assert (await receive(screen, "state"))["started"] is False
    mobile = await phone(run, KEY_A)
    await receive(mobile, "mine")

    await send(mobile, {"type": "mark", "indicator": offered[0], "ref": 1})
    refused = await receive(mobile, "error")
    assert refused["code"] == "not_started" and refused["ref"] == 1

    await send(screen, {"type": "playback", "playing": True, "position": 5.0})
    state = await receive(mobile, "state")
    assert state["playing"] is True and state["position"] == 5.0
    # The video has played for three seconds since it was started at 5 s.
    await database_sync_to_async(SpottingPlayback.objects.filter(run=run).update)(
        changed_at=timezone.now() - datetime.timedelta(seconds=3)
    )
    await send(mobile, {"type": "mark", "indicator": offered[0], "ref": 2})
    marked = await receive(mobile, "marked")
    assert marked["ref"] == 2 and 7.9 <= marked["mark"]["time"] <= 8.5
    # Chosen two seconds after the tap: the mark goes back to the tap.
    await send(mobile, {"type": "mark", "indicator": offered[1], "ago": 2})
    assert 5.9 <= (await receive(mobile, "marked"))["mark"]["time"] <= 6.5

    timeline = await receive(screen, "timeline")
    while timeline["count"] < 2:
        timeline = await receive(screen, "timeline")
    assert timeline["phones"] == 1
    assert timeline["html"] == ""  # the expert's marks wait for the trainer
    await mobile.disconnect()
    await screen.disconnect()


async def test_a_phone_sees_only_its_own_marks_and_gets_them_back_on_reconnect(
    run, trainer, offered
):
    screen = await projector(run, trainer)
    await play(screen, 0)
    first = await phone(run, KEY_A)
    await receive(first, "mine")
    other = await phone(run, KEY_B)
    await receive(other, "mine")
    await send(first, {"type": "mark", "indicator": offered[0]})
    mark = (await receive(first, "marked"))["mark"]

    await send(other, {"type": "ping", "ref": "p"})
    seen = []
    while True:
        message = json.loads(await other.receive_from(timeout=3))
        seen.append(message["type"])
        if message["type"] == "pong":
            break
    assert "marked" not in seen and "timeline" not in seen and "mine" not in seen

    await first.disconnect()
    again = await phone(run, KEY_A)
    assert (await receive(again, "welcome"))["phone"] == KEY_A
    state = await receive(again, "state")
    assert state["started"] is True
    assert (await receive(again, "mine"))["marks"] == [mark]

    await send(again, {"type": "undo", "ref": 9})
    undone = await receive(again, "mine")
    assert undone["marks"] == [] and undone["ref"] == 9
    await again.disconnect()
    await other.disconnect()
    await screen.disconnect()


async def test_reveal_shows_the_density_strips_to_screens_only(run, trainer, offered):
    screen = await projector(run, trainer)
    await play(screen, 4)
    mobile = await phone(run, KEY_A)
    await receive(mobile, "mine")
    await send(mobile, {"type": "mark", "indicator": offered[0]})
    await receive(mobile, "marked")

    await send(screen, {"type": "reveal", "revealed": True})
    timeline = await receive(screen, "timeline")
    while not timeline["html"]:
        timeline = await receive(screen, "timeline")
    assert timeline["revealed"] is True
    assert timeline["html"].count("spotting-density__row") == len(offered)
    assert "spotting-density__expert" in timeline["html"]
    # SVG numbers are never localised ("16,7" is no length).
    assert not re.search(r'(x|width|fill-opacity)="-?[0-9]+,', timeline["html"])
    state = await receive(mobile, "state")
    while not state["revealed"]:  # the playback's state came first
        state = await receive(mobile, "state")
    await send(mobile, {"type": "ping"})
    assert (await receive(mobile, "pong"))["type"] == "pong"
    await mobile.disconnect()
    await screen.disconnect()


async def test_closing_the_run_stops_the_phones(run, trainer, offered):
    screen = await projector(run, trainer)
    await play(screen, 0)
    mobile = await phone(run, KEY_A)
    await receive(mobile, "mine")
    await database_sync_to_async(services.exercise_run_close)(run=run)
    state = await receive(mobile, "state")
    while not state["closed"]:
        state = await receive(mobile, "state")
    assert state["playing"] is False
    await send(mobile, {"type": "mark", "indicator": offered[0]})
    assert (await receive(mobile, "error"))["code"] == "closed"
    await mobile.disconnect()
    await screen.disconnect()
    # A closed run takes no new phones.
    late = WebsocketCommunicator(application, f"/ws/spotting/{run.code}/")
    await late.connect()
    assert (await late.receive_output(timeout=3))["code"] == 4404


# --- Roles --------------------------------------------------------------------


async def test_a_participant_cannot_open_the_projector(run, participant):
    communicator = await projector(run, participant)
    output = await communicator.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": 4403}


async def test_another_trainer_watches_but_cannot_control(run, make_user):
    from lms.roles import TRAINER

    other = await database_sync_to_async(make_user)(
        email="drugi.trener@example.org", role=TRAINER
    )
    screen = await projector(run, other)
    await receive(screen, "timeline")
    for message in (
        {"type": "playback", "playing": True, "position": 1},
        {"type": "reveal", "revealed": True},
    ):
        await send(screen, message)
        assert (await receive(screen, "error"))["code"] == "forbidden"
    assert not await database_sync_to_async(
        SpottingPlayback.objects.filter(run=run).exists
    )()
    await screen.disconnect()


async def test_a_watching_screen_learns_where_the_video_stands_now(
    run, trainer, make_user
):
    from lms.roles import TRAINER

    other = await database_sync_to_async(make_user)(
        email="drugi.trener@example.org", role=TRAINER
    )
    controlling = await projector(run, trainer)
    await play(controlling, 2.0)
    # The video has played for four seconds since the trainer pressed play.
    await database_sync_to_async(SpottingPlayback.objects.filter(run=run).update)(
        changed_at=timezone.now() - datetime.timedelta(seconds=4)
    )
    watching = await projector(run, other)
    state = await receive(watching, "state")
    assert state["playing"] is True and state["position"] == 2.0
    assert 5.9 <= state["position"] + state["now"] - state["at"] <= 6.5
    await watching.disconnect()
    await controlling.disconnect()


async def test_a_phone_cannot_control_the_video(run):
    mobile = await phone(run, KEY_A)
    await receive(mobile, "mine")
    for kind in ("playback", "reveal"):
        await send(mobile, {"type": kind, "playing": True, "position": 1})
        assert (await receive(mobile, "error"))["code"] == "unknown_type"
    await mobile.disconnect()


async def test_an_unknown_code_or_a_non_spotting_run_is_refused(demo_content, trainer):
    other_page = await database_sync_to_async(
        lambda: ExercisePage.objects.get(slug="detektivska-misterija")
    )()
    detective = await database_sync_to_async(services.exercise_run_open)(
        page=other_page, block_id=other_page.body[0].id, user=trainer
    )
    for code in ("zzzzzz", detective.code):
        communicator = WebsocketCommunicator(application, f"/ws/spotting/{code}/")
        await communicator.connect()
        assert (await communicator.receive_output(timeout=3))["code"] == 4404


# --- Malformed input ------------------------------------------------------------


async def test_malformed_frames_are_refused_and_the_socket_goes_on(
    run, trainer, offered
):
    screen = await projector(run, trainer)
    await play(screen, 0)
    mobile = await phone(run, KEY_A)
    await receive(mobile, "mine")
    before = get_hub().connection_count()
    bad = [
        ("{not json", "malformed"),
        ('{"type": "mark", "indicator": "1"}', "invalid"),
        ('{"type": "mark", "indicator": true}', "invalid"),
        ('{"type": "mark", "indicator": 999999}', "invalid"),
        ('{"type": "mark"}', "invalid"),
        ('{"type": "answer"}', "unknown_type"),
        ("[" * 2000 + "]" * 2000, "malformed"),
    ]
    for frame, code in bad:
        await mobile.send_to(text_data=frame)
        assert (await receive(mobile, "error"))["code"] == code, frame
    await send(screen, {"type": "playback", "playing": "yes", "position": 0})
    assert (await receive(screen, "error"))["code"] == "invalid"
    await send(screen, {"type": "playback", "playing": True, "position": 1e400})
    assert (await receive(screen, "error"))["code"] in ("invalid", "malformed")
    # A wild "ago" is clamped, not trusted.
    await send(mobile, {"type": "mark", "indicator": offered[0], "ago": -50})
    assert (await receive(mobile, "marked"))["mark"]["time"] >= 0
    assert await database_sync_to_async(SpottingMark.objects.count)() == 1
    await mobile.send_to(text_data=json.dumps({"type": "ping", "pad": "x" * 5000}))
    output = await mobile.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await mobile.receive_output(timeout=3)
    assert output["code"] == 4413
    await screen.disconnect(timeout=5)
    for _ in range(50):  # the screen leaves the hub as its task ends
        if get_hub().connection_count() < before:
            break
        await asyncio.sleep(0.1)
    assert get_hub().connection_count() < before


# --- Pages ------------------------------------------------------------------------


def test_the_trainer_opens_the_run_on_the_projector_and_phones_join_by_code(
    client, demo_content, trainer
):
    page = ExercisePage.objects.get(slug="indikatori-na-snimku")
    block_id = page.body[0].id
    client.force_login(trainer)
    response = client.post(f"/vezbe/uzivo/{page.pk}/{block_id}/")
    assert response.status_code == 302 and response.url.endswith("/projektor/")
    screen = client.get(response.url).content.decode()
    assert "data-spotting-screen" in screen and "data-control" in screen
    assert '<track kind="captions"' in screen
    code = response.url.split("/")[-3]

    client.logout()
    joined = client.get("/vezbe/kod/", {"code": code.upper()})
    assert joined.status_code == 302 and joined.url.endswith("/telefon/")
    phone_page = client.get(joined.url).content.decode()
    assert "data-spotting-phone" in phone_page
    assert "<video" not in phone_page  # the projector plays it
    assert "Видим индикатор" in phone_page


def test_a_participant_cannot_open_the_projector_page(client, run, participant):
    client.force_login(participant)
    response = client.get(f"/vezbe/uzivo/{run.code}/projektor/")
    assert response.status_code in (302, 403)


def test_the_marks_export_numbers_phones_and_keeps_no_keys(client, run, trainer):
    from exercises.models import Indicator, SpottingMark

    indicator = Indicator.objects.get(code="sp-k1")
    for phone, moment in ((KEY_A, 4.2), (KEY_B, 3.9), (KEY_A, 11.0)):
        SpottingMark.objects.create(
            run=run, phone=phone, time=moment, indicator=indicator
        )
    client.force_login(trainer)
    response = client.get(f"/vezbe/uzivo/{run.code}/oznake.csv")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1:] == [
        f"1;3.9;sp-k1;{indicator.text}",
        f"2;4.2;sp-k1;{indicator.text}",
        f"2;11.0;sp-k1;{indicator.text}",
    ]
    assert KEY_A not in response.content.decode()
