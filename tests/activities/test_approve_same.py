"""Moderation's "approve all identical": one action for every pending copy of a word."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from activities import services
from activities.models import Balloon, CollagePiece, ItemStatus
from tests.activities.helpers import Client, act, control_for, joined_phone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_boards(settings):
    settings.LIVE_RESULTS_INTERVAL = 0.05


def _statuses(model, run) -> dict[str, list[str]]:
    field = "text" if model is Balloon else "word"
    found: dict[str, list[str]] = {}
    for text, status in model.objects.filter(run=run).values_list(field, "status"):
        found.setdefault(status, []).append(text)
    return {status: sorted(texts) for status, texts in found.items()}


async def test_the_trainer_approves_every_pending_copy_of_a_balloon_at_once(
    balloons_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=True)
    control = await control_for(run, trainer)
    screen = Client(f"/ws/activity/{run.code}/screen/?kljuc={run.screen_key}")
    await screen.connect()
    await screen.wait_for("board")
    await act(control, "start")
    words = ["Страх", "STRAH", "strah", "Срам", "страх је"]
    for number, word in enumerate(words):
        phone = await joined_phone(run, address=f"10.5.5.{number}")
        await phone.send(type="balloon", text=word, ref=1)
        await phone.wait_for("ack", ref=1)
        await phone.close()
    board = await control.wait_until("board", lambda m: len(m["pending"]) == 5)
    latin = next(item for item in board["pending"] if item["text"] == "strah")

    await control.send(
        type="action", action="approve_same", data={"item": latin["id"]}, ref="s"
    )
    done = await control.wait_for("done", ref="s")
    assert done["action"] == "approve_same" and done["approved"] == 3
    board = [m for m in control.seen if m["type"] == "board"][-1]
    assert sorted(item["text"] for item in board["pending"]) == ["Срам", "страх је"]
    shown = await screen.wait_until("board", lambda m: m["total"] == 3)
    assert shown["balloons"] == [{"text": shown["balloons"][0]["text"], "count": 3}]
    statuses = await database_sync_to_async(_statuses)(Balloon, run)
    assert statuses == {
        ItemStatus.APPROVED: ["STRAH", "strah", "Страх"],
        ItemStatus.PENDING: ["Срам", "страх је"],
    }

    # Nothing left pending of that word: approving it again approves nothing,
    # and a rejected copy stays rejected.
    await act(control, "moderate", item=board["pending"][0]["id"], status="rejected")
    await control.send(
        type="action", action="approve_same", data={"item": latin["id"]}, ref="t"
    )
    assert (await control.wait_for("done", ref="t"))["approved"] == 0
    await control.send(type="action", action="approve_same", data={"item": "x"}, ref=9)
    assert (await control.wait_for("error", ref=9))["code"] == "not_found"
    for client in (control, screen):
        await client.close()


async def test_a_phone_may_not_approve(balloons_content, make_run):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=True)
    phone = await joined_phone(run)
    await phone.send(type="action", action="approve_same", data={"item": 1}, ref=1)
    assert (await phone.wait_for("error", ref=1))["code"] == "unknown_type"
    await phone.close()


def test_collage_pieces_are_approved_by_their_grouped_word_whatever_the_image(
    collage_content, make_run
):
    run = make_run(collage_content, moderated=True)
    services.run_start(run_id=run.pk)
    first, second = collage_content.images.order_by("sort_order")
    pieces = [
        services.piece_add(run_id=run.pk, image_id=image.pk, word=word)
        for image, word in [
            (first, "Дом"),
            (second, "dom"),
            (second, "DÔM"),
            (first, "мост"),
            (first, ""),
        ]
    ]
    approved = services.items_approve_same(run_id=run.pk, item_id=pieces[1].pk)
    assert approved == 3
    assert _statuses(CollagePiece, run) == {
        ItemStatus.APPROVED: ["DÔM", "dom", "Дом"],
        ItemStatus.PENDING: ["", "мост"],
    }
    with pytest.raises(services.ActivityError) as refused:
        services.items_approve_same(run_id=run.pk, item_id=10_000)
    assert refused.value.code == "not_found"


def test_the_control_page_offers_it_in_serbian(client, trainer, make_run,
                                               balloons_content):  # fmt: skip
    run = make_run(balloons_content, moderated=True)
    client.force_login(trainer)
    page = client.get(reverse("activities:control", args=[run.code]))
    assert 'data-key="approve_same">Одобри све исте<' in page.content.decode()
