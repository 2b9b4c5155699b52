"""Phones joining a run: the joins of a few milliseconds share one database trip.

A room of phones connects within seconds. Each ``join`` goes through the hub
(``Hub.submit``, as live-quiz joins do): the joins that arrive together are
stored in one transaction (the telephone's phones, under one lock of the run)
and the run's snapshot (``state`` and, for the telephone, every phone's
``task``) is built and encoded once for all of them. Protocol:
docs/activities.md.
"""

from dataclasses import dataclass, field

from activities import live, telephone
from activities.models import ActivityKind, ActivityRun
from activities.services import ActivityError
from lms.realtime import encode


@dataclass(frozen=True)
class JoinRequest:
    """What one phone sends with ``join`` (the telephone's token and seat)."""

    token: str = ""
    seat: object = None


@dataclass
class Joined:
    """One phone's outcome: its snapshot (encoded), its phone row (telephone),
    or why it was refused. ``announce``: this phone tells the room (once per
    batch, for the telephone: the chain and its phones changed)."""

    texts: list[str] = field(default_factory=list)
    seq: int = 0
    phone_id: int | None = None
    token: str = ""
    error: ActivityError | None = None
    announce: bool = False


def batch_key(run_id: int) -> str:
    return f"activity-join.{run_id}"


def joins_store(run_id: int, requests: list[JoinRequest]) -> list[Joined]:
    """The hub's ``store_batch``: every join of the batch, one outcome each."""
    run = ActivityRun.objects.select_related("content").get(pk=run_id)
    if run.kind != ActivityKind.TELEPHONE:
        state = [encode(live.state_message(run))]
        return [Joined(texts=state, seq=run.seq) for _request in requests]
    outcomes = telephone.phones_join(
        run_id=run_id, requests=[(r.token, r.seat) for r in requests]
    )
    # The snapshot after the joins (a late phone may have got the turn).
    run = ActivityRun.objects.select_related("content").get(pk=run_id)
    state = encode(live.state_message(run))
    tasks = live.task_messages(run)
    waiting = encode(live.waiting_task(run))
    joined, announced = [], False
    for outcome in outcomes:
        if isinstance(outcome, ActivityError):
            joined.append(Joined(error=outcome))
            continue
        task = tasks.get(outcome.pk)
        joined.append(
            Joined(
                texts=[state, encode(task) if task else waiting],
                seq=run.seq,
                phone_id=outcome.pk,
                token=outcome.token,
                announce=not announced,
            )
        )
        announced = True
    return joined
