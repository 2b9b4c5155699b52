"""Live sessions on the process hub (``lms.realtime``): one group per session."""

from functools import partial

from channels.db import database_sync_to_async

from lms.realtime import Outgoing, get_hub

from . import services


def session_group(session_id: int) -> str:
    return f"live.{session_id}"


def watch(session_id: int) -> None:
    """Number the session's group on this process's hub, so that a change whose
    broadcast was lost is sent again from the database (see ``lms.realtime``)."""
    from .broadcast import current_seq, repair_outgoing

    get_hub().watch(
        session_group(session_id),
        partial(current_seq, session_id),
        partial(repair_outgoing, session_id),
    )


async def attach(session_id: int, connection) -> None:
    await get_hub().attach(session_group(session_id), connection)


async def detach(session_id: int, connection) -> None:
    await get_hub().detach(session_group(session_id), connection)


async def publish(session_id: int, outgoing: Outgoing) -> None:
    await get_hub().publish(session_group(session_id), outgoing)


def results_soon(session_id: int) -> None:
    """Refresh the screens' results and head count, throttled."""
    from .broadcast import results_outgoing

    get_hub().results_soon(
        session_group(session_id), partial(results_outgoing, session_id)
    )


def _answers_store(session_id: int, submissions: list) -> list[services.Stored]:
    """The hub's ``store_batch``: the answers of a few milliseconds, in one go."""
    return services.answers_store(session_id=session_id, submissions=submissions)


async def submit(session_id: int, submission: services.Submission) -> services.Stored:
    """Store an answer; answers arriving together are written in one transaction."""
    outcome = await get_hub().submit(
        session_group(session_id),
        submission,
        partial(_answers_store, session_id),
    )
    results_soon(session_id)
    return outcome


async def join(session_id: int, request: services.JoinRequest, store_batch):
    """Join a phone; the joins of a few milliseconds share one database trip."""
    return await get_hub().submit(
        f"join.{session_group(session_id)}", request, store_batch
    )


def schedule_close(session_id: int, question_id: int, delay: float) -> None:
    """Close the question when its clock runs out, even if no one is watching."""
    get_hub().schedule(
        session_group(session_id), delay, partial(_expire, session_id, question_id)
    )


async def _expire(session_id: int, question_id: int) -> None:
    from .broadcast import change_outgoing

    change = await database_sync_to_async(services.timer_expire)(
        session_id=session_id, question_id=question_id
    )
    if change is not None:
        outgoing = await database_sync_to_async(change_outgoing)(change)
        await publish(session_id, outgoing)
