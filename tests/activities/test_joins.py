"""A room of phones joining at once: batched, and no join lost or doubled."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from activities import joining
from activities.models import Balloon, ChainLink, ChainPhone
from lms.realtime import encode
from tests.activities.helpers import Client, act, control_for

pytestmark = pytest.mark.django_db(transaction=True)

PHONES = 12


@pytest.fixture
def batches(monkeypatch, settings):
    """The sizes of the join batches the hub stored (a wide window, so the
    phones' joins surely arrive together)."""
    settings.REALTIME_BATCH_WINDOW = 0.3
    sizes: list[int] = []
    store = joining.joins_store

    def counted(run_id, requests):
        sizes.append(len(requests))
        return store(run_id, requests)

    monkeypatch.setattr(joining, "joins_store", counted)
    return sizes


async def connected_phones(run, count: int) -> list[Client]:
    phones = [
        Client(f"/ws/activity/{run.code}/", address=f"10.4.4.{number}")
        for number in range(1, count + 1)
    ]
    for phone in phones:
        await phone.connect()
        await phone.wait_for("welcome")
    return phones


async def test_a_burst_of_balloon_phones_all_join_in_one_batch(
    balloons_content, make_run, trainer, batches
):
    run = await database_sync_to_async(make_run)(balloons_content, moderated=False)
    control = await control_for(run, trainer)
    await act(control, "start")
    phones = await connected_phones(run, PHONES)
    await asyncio.gather(*(phone.send(type="join") for phone in phones))
    states = await asyncio.gather(*(phone.wait_for("state") for phone in phones))
    assert [s["state"] for s in states] == ["running"] * PHONES
    assert sum(batches) == PHONES and len(batches) < PHONES

    # Every phone has joined once: each may send, each word is stored once.
    await asyncio.gather(
        *(p.send(type="balloon", text="страх", ref=n) for n, p in enumerate(phones))
    )
    for number, phone in enumerate(phones):
        assert (await phone.wait_for("ack", ref=number))["text"] == "страх"
    count = await database_sync_to_async(Balloon.objects.filter(run=run).count)()
    assert count == PHONES
    await phones[0].send(type="join", ref="again")
    assert (await phones[0].wait_for("error", ref="again"))["code"] == "already_joined"
    for client in (control, *phones):
        await client.close()


def _phones_and_links(run) -> tuple[dict[str, int], list[tuple[int, int]]]:
    phones = dict(ChainPhone.objects.filter(run=run).values_list("token", "pk"))
    links = list(
        ChainLink.objects.filter(run=run)
        .order_by("position")
        .values_list("phone_id", "position")
    )
    return phones, links


async def test_a_burst_of_telephone_phones_each_get_one_phone_and_one_turn(
    telephone_content, make_run, trainer, batches
):
    run = await database_sync_to_async(make_run)(telephone_content)
    control = await control_for(run, trainer)
    (first,) = await connected_phones(run, 1)
    await first.send(type="join", token="", seat=1)
    first_token = (await first.wait_for("me"))["token"]
    await act(control, "start")
    await first.wait_for("task", phase="read")

    # Late phones join together while the first one has its turn; one sends
    # a seat that is not valid and is refused alone.
    late = (await connected_phones(run, PHONES + 1))[1:]
    await asyncio.gather(
        *(
            phone.send(type="join", token="", seat=0 if n == 0 else None, ref=n)
            for n, phone in enumerate(late)
        )
    )
    assert (await late[0].wait_for("error", ref=0))["code"] == "invalid"
    joined = late[1:]
    tokens = [(await phone.wait_for("me"))["token"] for phone in joined]
    tasks = [await phone.wait_for("task") for phone in joined]
    assert len(batches) < PHONES + 1

    phones, links = await database_sync_to_async(_phones_and_links)(run)
    # One row per phone that joined, none for the refused one, none twice.
    assert sorted(phones) == sorted([first_token, *tokens])
    assert [position for _phone, position in links] == list(range(len(joined) + 1))
    assert len({phone for phone, _position in links}) == len(joined) + 1
    # Each late phone waits for its own place behind the phone reading now.
    assert {t["phase"] for t in tasks} == {"wait"}
    assert sorted(t["ahead"] for t in tasks) == list(range(1, len(joined) + 1))
    assert len({t["link"] for t in tasks}) == len(joined)
    for client in (control, first, *late):
        await client.close()


async def test_a_phone_whose_snapshot_is_older_than_the_room_gets_the_present(
    balloons_content, make_run, trainer, monkeypatch
):
    """A change broadcast between the batch's snapshot and the phone joining
    the room's group would be lost: the phone is sent the present again."""
    run = await database_sync_to_async(make_run)(balloons_content)
    control = await control_for(run, trainer)
    await act(control, "start")  # this process has delivered the start's seq
    store = joining.joins_store

    def stale(run_id, requests):
        outcomes = store(run_id, requests)
        for outcome in outcomes:
            outcome.seq -= 1
            outcome.texts = [encode({"type": "state", "seq": outcome.seq,
                                     "state": "lobby"})]  # fmt: skip
        return outcomes

    monkeypatch.setattr(joining, "joins_store", stale)
    (phone,) = await connected_phones(run, 1)
    await phone.send(type="join")
    assert (await phone.wait_for("state"))["state"] == "lobby"
    assert (await phone.wait_for("state"))["state"] == "running"
    for client in (control, phone):
        await client.close()
