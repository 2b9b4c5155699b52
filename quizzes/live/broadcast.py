"""Which messages a change of a live session sends, and to whom.

Builders run in a database thread (``database_sync_to_async``) or in a view;
``publish_after_commit`` is for synchronous callers such as views.
"""

from lms import realtime
from lms.realtime import EVERYONE, Outgoing
from quizzes.models import LiveSession, Phase

from . import state
from .hub import session_group
from .services import Change

WITH_RESULTS = (Phase.SHOWN, Phase.OPEN, Phase.CLOSED, Phase.REVEALED)


def _results_parts(
    outgoing: Outgoing, session: LiveSession, *, to_phones: bool
) -> None:
    question = session.current
    if question is None or session.phase not in WITH_RESULTS:
        return
    results = state.results_payload(question)
    outgoing.add(("participant", "screen") if to_phones else ("screen",), results)
    outgoing.add(("control",), state.results_payload(question, for_control=True))


def _numbered(outgoing: Outgoing, session: LiveSession) -> Outgoing:
    """Every message carries the sequence number of the state it belongs to."""
    for part in outgoing.parts:
        part.message["seq"] = session.version
    for message in (outgoing.personal or {}).values():
        message["seq"] = session.version
    return outgoing


def change_outgoing(change: Change) -> Outgoing:
    session = LiveSession.objects.select_related("current").get(pk=change.session.pk)
    outgoing = Outgoing()
    if change.results_changed:  # a moderation decision: only the results change
        _results_parts(outgoing, session, to_phones=session.phase == Phase.REVEALED)
        return _numbered(outgoing, session)
    return state_outgoing(session)


def state_outgoing(session: LiveSession) -> Outgoing:
    """Everything a change of state sends; also what repairs a lost one."""
    outgoing = Outgoing(seq=session.version)
    outgoing.add(EVERYONE, state.state_payload(session))
    revealed = session.phase == Phase.REVEALED and session.current is not None
    _results_parts(outgoing, session, to_phones=revealed)
    if revealed:
        outgoing.personal = state.personal_results(session, session.current)
    if session.show_leaderboard and session.phase in (
        Phase.LEADERBOARD,
        Phase.FINISHED,
    ):
        outgoing.add(EVERYONE, state.leaderboard_payload(session))
    return _numbered(outgoing, session)


def current_seq(session_id: int) -> int | None:
    """The session's sequence number of record (all processes agree on it)."""
    return (
        LiveSession.objects.filter(pk=session_id)
        .values_list("version", flat=True)
        .first()
    )


def repair_outgoing(session_id: int) -> Outgoing | None:
    session = (
        LiveSession.objects.select_related("current").filter(pk=session_id).first()
    )
    return state_outgoing(session) if session else None


def snapshot(session: LiveSession, role: str) -> list[dict]:
    """What a (re)connecting or syncing client of ``role`` needs to show the
    session now: ``state`` first. Only the control sees open answers waiting
    for approval."""
    messages = [state.state_payload(session)]
    question = session.current
    staff_view = role in ("control", "screen")
    if question and session.phase != Phase.LOBBY:
        if staff_view or session.phase == Phase.REVEALED:
            messages.append(
                state.results_payload(question, for_control=role == "control")
            )
    if staff_view:
        messages.append(state.presence_payload(session.pk))
    if session.show_leaderboard and session.phase in (
        Phase.LEADERBOARD,
        Phase.FINISHED,
    ):
        messages.append(state.leaderboard_payload(session))
    for message in messages:
        message["seq"] = session.version
    return messages


def results_outgoing(session_id: int) -> Outgoing:
    """The throttled refresh: results of the current question and who joined."""
    session = LiveSession.objects.select_related("current").get(pk=session_id)
    outgoing = Outgoing()
    _results_parts(outgoing, session, to_phones=False)
    outgoing.add(("control", "screen"), state.presence_payload(session_id))
    return _numbered(outgoing, session)


def publish_after_commit(session: LiveSession) -> None:
    """From synchronous code (a view): send the session's state once committed."""
    realtime.publish_after_commit(
        session_group(session.pk), lambda: change_outgoing(Change(session))
    )
