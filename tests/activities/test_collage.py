"""The collage of belonging: images the editor prepared, a word, moderated."""

import pytest
from channels.db import database_sync_to_async

from activities.models import CollageImage, CollagePiece
from tests.activities.helpers import Client, act, control_for, joined_phone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_boards(settings):
    settings.LIVE_RESULTS_INTERVAL = 0.05


async def test_an_approved_piece_joins_the_collage_on_the_projector(
    collage_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(collage_content, moderated=True)
    images = await database_sync_to_async(
        lambda: list(collage_content.images.order_by("sort_order"))
    )()
    phone = Client(f"/ws/activity/{run.code}/")
    await phone.connect()
    welcome = await phone.wait_for("welcome")
    offered = welcome["activity"]["images"]
    assert [i["id"] for i in offered] == [i.pk for i in images]
    assert all(i["src"].endswith(".jpg") for i in offered)
    await phone.send(type="join")
    await phone.wait_for("state")

    control = await control_for(run, trainer)
    screen = Client(f"/ws/activity/{run.code}/screen/?kljuc={run.screen_key}")
    await screen.connect()
    await screen.wait_for("board")
    await act(control, "start")
    await phone.send(type="piece", image=images[1].pk, word=" дом ", ref=1)
    ack = await phone.wait_for("ack", ref=1)
    assert ack == {"type": "ack", "ref": 1, "image": images[1].pk, "word": "дом"}
    pending = await control.wait_until("board", lambda m: m["pending"])
    assert pending["pieces"] == []
    item = pending["pending"][0]
    await act(control, "moderate", item=item["id"], status="approved")
    shown = await screen.wait_until("board", lambda m: m["pieces"])
    assert [(p["image"], p["word"], p["label"]) for p in shown["pieces"]] == [
        (images[1].pk, "дом", "Слика most")
    ]
    # A rejected piece never reaches the projector.
    await phone.send(type="piece", image=images[0].pk, ref=2)
    await phone.wait_for("ack", ref=2)
    pending = await control.wait_until("board", lambda m: m["pending"])
    await act(control, "moderate", item=pending["pending"][0]["id"], status="rejected")
    board = [m for m in control.seen if m["type"] == "board"][-1]
    assert len(board["pieces"]) == 1 and board["pending"] == []
    for client in (phone, control, screen):
        await client.close()


async def test_only_the_editors_images_and_short_words_are_taken(
    collage_content, balloons_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(collage_content)
    other = await database_sync_to_async(CollageImage.objects.create)(
        content=balloons_content,
        image=(await database_sync_to_async(collage_content.images.first)()).image,
        label="туђа",
    )
    control = await control_for(run, trainer)
    await act(control, "start")
    phone = await joined_phone(run)
    image = (await database_sync_to_async(collage_content.images.first)()).pk
    for ref, (image_id, word, code) in enumerate(
        [
            (other.pk, "", "invalid"),
            ("1", "", "invalid"),
            (None, "", "invalid"),
            (image, "x" * 31, "too_long"),
        ]
    ):
        await phone.send(type="piece", image=image_id, word=word, ref=ref)
        assert (await phone.wait_for("error", ref=ref))["code"] == code
    await phone.send(type="balloon", text="страх", ref="b")
    assert (await phone.wait_for("error", ref="b"))["code"] == "invalid"
    assert await database_sync_to_async(CollagePiece.objects.count)() == 0
    await phone.close()
    await control.close()
