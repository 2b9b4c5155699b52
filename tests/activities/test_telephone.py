"""The broken telephone over real websockets: turns, a dropped phone, reveal."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async

from activities import consumers
from activities.models import ChainLink, LinkStatus
from activities.telephone import word_diff
from tests.activities.conftest import CASE
from tests.activities.helpers import Client, act, control_for

pytestmark = pytest.mark.django_db(transaction=True)


def _time_passes(run, seconds: int) -> None:
    """The active turn started ``seconds`` ago (instead of sleeping)."""
    link = ChainLink.objects.get(run=run, status=LinkStatus.ACTIVE)
    link.started_at -= timedelta(seconds=seconds)
    link.save(update_fields=["started_at"])


async def phone_with_seat(run, seat: int, token: str = "") -> tuple[Client, str]:
    phone = Client(f"/ws/activity/{run.code}/", address=f"10.3.3.{seat}")
    await phone.connect()
    await phone.wait_for("welcome")
    await phone.send(type="join", token=token, seat=seat)
    me = await phone.wait_for("me")
    return phone, me["token"]


async def test_the_chain_passes_on_and_skips_a_phone_that_dropped_out(
    telephone_content, make_run, trainer, monkeypatch
):
    monkeypatch.setattr(consumers, "DROP_GRACE_SECONDS", 0.1)
    run = await database_sync_to_async(make_run)(
        telephone_content, chain_order="seat", read_seconds=5, write_seconds=60
    )
    control = await control_for(run, trainer)
    first, _token = await phone_with_seat(run, 1)
    third, _token = await phone_with_seat(run, 3)
    second, _token = await phone_with_seat(run, 2)
    await act(control, "start")

    task = await first.wait_for("task", phase="read")
    assert task["text"] == CASE and task["first"] is True
    assert (await second.wait_for("task", phase="wait"))["ahead"] == 1
    assert (await third.wait_for("task", phase="wait"))["ahead"] == 2

    # Writing opens only once the reading time is over.
    await first.send(type="retelling", link=task["link"], text="Прерано", ref=1)
    assert (await first.wait_for("error", ref=1))["code"] == "too_early"
    await database_sync_to_async(_time_passes)(run, 6)
    retold = "Марија је добила посао у иностранству и послодавац јој је узео пасош."
    await first.send(type="retelling", link=task["link"], text=retold, ref=2)
    await first.wait_for("ack", ref=2)
    assert await first.wait_for("task", phase="done")

    # The second phone reads the first one's version, not the original...
    task2 = await second.wait_for("task", phase="read")
    assert task2["text"] == retold and task2["first"] is False
    # ...and drops out during its turn: it is skipped after the grace time.
    await second.close()
    task3 = await third.wait_for("task", phase="read", timeout=5)
    assert task3["text"] == retold
    # Another phone's turn cannot be taken.
    await third.send(type="retelling", link=task2["link"], text="туђе", ref=3)
    assert (await third.wait_for("error", ref=3))["code"] == "not_your_turn"
    await database_sync_to_async(_time_passes)(run, 6)
    await third.send(
        type="retelling", link=task3["link"], text="Марији су узели пасош.", ref=4
    )
    await third.wait_for("ack", ref=4)

    await act(control, "reveal")
    # The acting control gets the change's messages before its ``done``.
    board = [m for m in control.seen if m["type"] == "board"][-1]
    steps = board["steps"]
    assert [s["text"] for s in steps] == [CASE, retold, "Марији су узели пасош."]
    last = steps[2]["tokens"]
    assert {"text": "Марији", "op": "added"} in last
    assert {"text": "иностранству", "op": "lost"} in last
    assert board["summary"]["versions"] == 2
    assert board["summary"]["skipped"] == 1
    assert board["debrief"] == telephone_content.debrief
    statuses = await database_sync_to_async(
        lambda: list(run.links.values_list("status", flat=True))
    )()
    assert statuses == ["done", "skipped", "done"]
    for client in (control, first, third):
        await client.close()


async def test_a_phone_that_reconnects_gets_its_turn_back(
    telephone_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(telephone_content)
    control = await control_for(run, trainer)
    phone, token = await phone_with_seat(run, 1)
    await act(control, "start")
    task = await phone.wait_for("task", phase="read")
    await phone.close()
    again, same = await phone_with_seat(run, 1, token=token)
    assert same == token
    back = await again.wait_for("task", phase="read")
    assert back["link"] == task["link"] and back["text"] == CASE
    await again.close()
    await control.close()


async def test_a_turn_whose_time_ran_out_is_skipped(
    telephone_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(
        telephone_content, read_seconds=3, write_seconds=10
    )
    control = await control_for(run, trainer)
    slow, _token = await phone_with_seat(run, 1)
    await act(control, "start")
    await slow.wait_for("task", phase="read")
    await database_sync_to_async(_time_passes)(run, 30)
    await control.close()
    # A control that connects takes over the clock and finds the turn over.
    control = await control_for(run, trainer)
    # (A repaired broadcast may repeat the earlier task: tasks are idempotent.)
    assert await slow.wait_for("task", timeout=10, phase="skipped")
    await slow.close()
    await control.close()


async def test_the_trainer_skips_a_turn_and_a_late_phone_joins_the_end(
    telephone_content, make_run, trainer
):
    run = await database_sync_to_async(make_run)(telephone_content)
    control = await control_for(run, trainer)
    first, _token = await phone_with_seat(run, 1)
    await act(control, "start")
    await first.wait_for("task", phase="read")
    late, _token = await phone_with_seat(run, 9)
    assert await late.wait_for("task", phase="wait")
    await act(control, "skip")
    assert (await first.wait_for("task", phase="skipped"))["link"]
    task = await late.wait_for("task", phase="read")
    assert task["text"] == CASE  # nothing was passed on before it
    for client in (control, first, late):
        await client.close()


async def test_malformed_retellings_are_refused(telephone_content, make_run, trainer):
    run = await database_sync_to_async(make_run)(telephone_content, read_seconds=3)
    control = await control_for(run, trainer)
    phone, _token = await phone_with_seat(run, 1)
    await act(control, "start")
    task = await phone.wait_for("task", phase="read")
    await database_sync_to_async(_time_passes)(run, 5)
    for ref, (link, text, code) in enumerate(
        [
            (task["link"], "", "invalid"),
            (task["link"], 5, "invalid"),
            (task["link"], "x" * 1201, "too_long"),
            ("1", "текст", "not_found"),
            (True, "текст", "not_found"),
        ]
    ):
        await phone.send(type="retelling", link=link, text=text, ref=ref)
        assert (await phone.wait_for("error", ref=ref))["code"] == code
    await phone.send(type="join", seat="први", ref="j")
    assert (await phone.wait_for("error", ref="j"))["code"] == "already_joined"
    bad = Client(f"/ws/activity/{run.code}/")
    await bad.connect()
    await bad.wait_for("welcome")
    await bad.send(type="join", seat="први", ref="s")
    assert (await bad.wait_for("error", ref="s"))["code"] == "invalid"
    for client in (control, phone, bad):
        await client.close()


def test_the_word_diff_marks_lost_and_added_words_regardless_of_script():
    tokens = word_diff("Марија је узела пасош.", "Marija je izgubila pasoš")
    assert [t["op"] for t in tokens] == ["same", "same", "lost", "added", "same"]
    assert tokens[3] == {"text": "izgubila", "op": "added"}
