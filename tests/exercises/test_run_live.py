"""A live exercise run on the projector: results arrive over a websocket."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.http import QueryDict

from exercises import services
from exercises.models import ExercisePage, ExerciseResponse, ExerciseRun
from exercises.routing import websocket_urlpatterns
from lms.realtime import get_hub

pytestmark = pytest.mark.django_db(transaction=True)

DEEP = "[" * 2000 + "]" * 2000  # 4,000 bytes: under the size limit
HOSTILE = {
    "too large": json.dumps({"type": "ping", "pad": "x" * 5000}),
    "too deep": DEEP,
    "not JSON": "{not json",
    "unknown type": json.dumps({"type": "answer"}),
    "binary": b"\xff\xfe\x00garbage",
}

application = URLRouter(websocket_urlpatterns)


@pytest.fixture
def run(demo_content, trainer):
    page = ExercisePage.objects.get(slug="detektivska-misterija")
    return services.exercise_run_open(page=page, block_id=page.body[0].id, user=trainer)


def screen(run, user):
    communicator = WebsocketCommunicator(application, f"/ws/exercise-run/{run.code}/")
    communicator.scope["user"] = user
    return communicator


async def receive(communicator) -> dict:
    return json.loads(await communicator.receive_from(timeout=5))


def answer(run, passages):
    from exercises.views.blocks import find_block

    page = run.page.specific
    child = find_block(page, run.block_id)
    data = QueryDict(mutable=True)
    data.setlist("passage", passages)
    _feedback, result = child.block.grade(child.value, data)
    services.exercise_response_record(
        page=page,
        block_id=run.block_id,
        kind=child.block.kind,
        user=None,
        result=result,
        run=run,
    )


async def test_results_reach_the_screen_as_answers_arrive(run, trainer, participant):
    communicator = screen(run, trainer)
    connected, _ = await communicator.connect()
    assert connected
    first = await receive(communicator)
    assert first["type"] == "results" and first["count"] == 0

    await database_sync_to_async(answer)(run, ["1", "4"])
    pushed = await receive(communicator)
    assert pushed["count"] == 1
    passages = await database_sync_to_async(
        lambda: [p["text"] for p in run.page.specific.body[0].value["passages"]]
    )()
    assert all(text in pushed["html"] for text in passages)
    assert "1 одговор" in pushed["html"]
    assert participant.email not in pushed["html"]

    await database_sync_to_async(services.exercise_run_close)(run=run)
    closed = await receive(communicator)
    assert closed["closed"] is True
    # After the close nothing more is counted in the run.
    await database_sync_to_async(run.refresh_from_db)()
    await database_sync_to_async(answer)(run, ["1"])
    assert (
        await database_sync_to_async(ExerciseResponse.objects.filter(run=run).count)()
        == 1
    )
    await communicator.disconnect()


async def test_a_participant_cannot_watch_a_run(run, participant):
    communicator = screen(run, participant)
    await communicator.connect()
    output = await communicator.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": 4403}


async def test_an_unknown_run_is_refused(demo_content, trainer):
    fake = ExerciseRun(code="zzzzzz")
    communicator = screen(fake, trainer)
    await communicator.connect()
    assert (await communicator.receive_output(timeout=3))["code"] == 4404


def test_the_room_join_page_finds_a_run_by_its_code(client, run):
    response = client.get("/uzivo/", {"kod": run.code.upper()})
    assert response.status_code == 302
    followed = client.get(response.url)
    assert followed.status_code == 302
    assert followed.url.endswith(f"?run={run.code}#block-{run.block_id}")


# --- Hostile frames (issue 13): the screen shares the live sessions' base -------


async def test_hostile_frames_on_a_live_run_screen_leave_the_hub(run, trainer):
    before = get_hub().connection_count()
    for name, frame in HOSTILE.items():
        communicator = WebsocketCommunicator(
            application, f"/ws/exercise-run/{run.code}/"
        )
        communicator.scope["user"] = trainer
        connected, _ = await communicator.connect()
        assert connected
        first = json.loads(await communicator.receive_from(timeout=5))
        assert first["type"] == "results"
        assert get_hub().connection_count() == before + 1
        if isinstance(frame, bytes):
            await communicator.send_to(bytes_data=frame)
        else:
            await communicator.send_to(text_data=frame)
        reply = json.loads(await communicator.receive_from(timeout=3))
        assert reply["type"] == "error", name
        if name == "too large":
            output = await communicator.receive_output(timeout=2)
            assert output["code"] == 4413
        else:
            await communicator.send_to(text_data='{"type": "ping"}')
            pong = json.loads(await communicator.receive_from(timeout=3))
            assert pong["type"] == "pong", name
        await communicator.disconnect()
        assert get_hub().connection_count() == before, name


# --- Who may close a run (issue 13) ----------------------------------------------


def test_only_the_owner_or_staff_close_a_live_run(
    client, run, make_user, staff_user, trainer
):
    from lms.roles import TRAINER

    other = make_user(email="drugi.trener@example.org", role=TRAINER)
    url = f"/vezbe/uzivo/{run.code}/kraj/"

    client.force_login(other)
    response = client.post(url)
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.closed_at is None
    # Nor does the results page offer another trainer the button.
    page = client.get(f"/vezbe/rezultati/{run.page_id}/{run.block_id}/?run={run.code}")
    assert page.status_code == 200
    assert f"/vezbe/uzivo/{run.code}/kraj/" not in page.content.decode()

    client.force_login(trainer)
    assert client.post(url).status_code == 302
    run.refresh_from_db()
    assert run.closed_at is not None


def test_staff_close_any_live_run(client, run, staff_user):
    client.force_login(staff_user)
    assert client.post(f"/vezbe/uzivo/{run.code}/kraj/").status_code == 302
    run.refresh_from_db()
    assert run.closed_at is not None
