"""What an activity run sends through the realtime hub (``lms.realtime``).

Messages are built here from the database (synchronous; called in a database
thread), so a process that repairs a lost broadcast, or a client that
reconnects, gets the same picture as everyone else. Protocol:
docs/activities.md.
"""

import time

from django.urls import reverse

from activities.models import (
    ActivityKind,
    ActivityRun,
    Balloon,
    ChainLink,
    CollagePiece,
    ItemStatus,
    LinkStatus,
    RunState,
)
from lms import realtime

# What the projector shows at most: it stays calm with hundreds of phones.
BOARD_BALLOONS = 60
BOARD_PIECES = 120
PENDING_MAX = 50


def run_group(run_id: int) -> str:
    return f"activity.{run_id}"


def join_url(code: str) -> str | None:
    """For the room's join page (``lms.registry``): an open run with this code."""
    code = code.upper()
    if ActivityRun.objects.open().filter(code=code).exists():
        return reverse("activities:play", args=[code])
    return None


def epoch_ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def _image_payload(image) -> dict:
    rendition = image.image.get_rendition("fill-320x320|format-jpeg")
    return {"id": image.pk, "src": rendition.url, "label": image.label}


def images(run: ActivityRun) -> list[dict]:
    return [
        _image_payload(image)
        for image in run.content.images.select_related("image").order_by("sort_order")
    ]


def welcome_message(run: ActivityRun) -> dict:
    """What a phone reads before it joins: the activity and its content."""
    activity = {
        "code": run.code,
        "kind": run.kind,
        "title": run.content.title,
        "prompt": run.content.prompt,
    }
    if run.kind == ActivityKind.COLLAGE:
        activity["images"] = images(run)
    return {"type": "welcome", "activity": activity}


def state_message(run: ActivityRun) -> dict:
    message = {
        "type": "state",
        "seq": run.seq,
        "kind": run.kind,
        "state": run.state,
        "title": run.content.title,
        "prompt": run.content.prompt,
        "moderated": run.moderated,
        "now": int(time.time() * 1000),
    }
    if run.kind == ActivityKind.TELEPHONE:
        statuses = list(run.links.values_list("status", flat=True))
        message["chain"] = {
            "length": len(statuses),
            "done": statuses.count(LinkStatus.DONE),
            "skipped": statuses.count(LinkStatus.SKIPPED),
            "active": LinkStatus.ACTIVE in statuses,
            "phones": run.phones.filter(online=True).count(),
        }
    return message


def board_message(run: ActivityRun, *, for_control: bool) -> dict:
    """The projector's picture (and, for the control, what waits for approval)."""
    from activities.services import balloon_groups

    message = {"type": "board", "seq": run.seq, "kind": run.kind}
    if run.kind == ActivityKind.BALLOONS:
        groups = balloon_groups(run)
        message["balloons"] = [
            {"text": g["text"], "count": g["count"]} for g in groups[:BOARD_BALLOONS]
        ]
        message["total"] = sum(g["count"] for g in groups)
        if for_control:
            message["pending"] = list(
                Balloon.objects.filter(run=run, status=ItemStatus.PENDING)
                .order_by("pk")
                .values("id", "text")[:PENDING_MAX]
            )
    elif run.kind == ActivityKind.COLLAGE:
        message["pieces"] = _pieces(run, ItemStatus.APPROVED, BOARD_PIECES)
        if for_control:
            message["pending"] = _pieces(run, ItemStatus.PENDING, PENDING_MAX)
    elif run.kind == ActivityKind.TELEPHONE and run.state in (
        RunState.REVEALED,
        RunState.CLOSED,
    ):
        from activities.telephone import chain_steps, chain_summary

        message["steps"] = chain_steps(run)
        message["summary"] = chain_summary(run)
        message["debrief"] = run.content.debrief
    return message


def _pieces(run: ActivityRun, status: str, limit: int) -> list[dict]:
    pieces = (
        CollagePiece.objects.filter(run=run, status=status)
        .select_related("image__image")
        .order_by("-pk")[:limit]
    )
    rendered: dict[int, dict] = {}
    result = []
    for piece in pieces:
        if piece.image_id not in rendered:
            rendered[piece.image_id] = _image_payload(piece.image)
        image = rendered[piece.image_id]
        result.append(
            {"id": piece.pk, "image": image["id"], "src": image["src"],
             "label": image["label"], "word": piece.word}
        )  # fmt: skip
    result.reverse()  # oldest first: new pieces join the end of the collage
    return result


def task_messages(run: ActivityRun) -> dict[int, dict]:
    """Each telephone phone's own turn: wait, read (with the text), write, done."""
    from activities.telephone import previous_text, turn_of

    links = list(ChainLink.objects.filter(run=run).order_by("position"))
    active = next((link for link in links if link.status == LinkStatus.ACTIVE), None)
    tasks: dict[int, dict] = {}
    for link in links:
        if link.phone_id is None:
            continue
        task = {"type": "task", "seq": run.seq, "link": link.pk, "phase": "wait"}
        if run.state != RunState.RUNNING:
            task["phase"] = "over"
        elif link.status == LinkStatus.DONE:
            task["phase"] = "done"
        elif link.status == LinkStatus.SKIPPED:
            task["phase"] = "skipped"
        elif link is active:
            turn = turn_of(run, link)
            task["read_until"] = epoch_ms(turn.read_until)
            task["write_until"] = epoch_ms(turn.write_until)
            task["now"] = int(time.time() * 1000)
            task["first"] = not any(
                other.status == LinkStatus.DONE
                for other in links
                if other.position < link.position
            )
            if time.time() * 1000 < task["read_until"]:
                task["phase"] = "read"
                task["text"] = previous_text(run, link)
            else:
                task["phase"] = "write"
        elif active is not None:
            task["ahead"] = sum(
                1
                for other in links
                if active.position <= other.position < link.position
                and other.status in (LinkStatus.WAITING, LinkStatus.ACTIVE)
            )
        tasks[link.phone_id] = task
    return tasks


def waiting_task(run: ActivityRun) -> dict:
    """A telephone phone that has joined but has no place in the chain yet."""
    return {
        "type": "task",
        "seq": run.seq,
        "link": None,
        "phase": "lobby" if run.state == RunState.LOBBY else "over",
    }


def change_outgoing(run_id: int) -> realtime.Outgoing | None:
    """A change of state for everyone: ``state``, the boards and, for the
    telephone, every phone's own ``task``."""
    run = ActivityRun.objects.select_related("content").filter(pk=run_id).first()
    if run is None:
        return None
    outgoing = realtime.Outgoing(seq=run.seq)
    outgoing.add(realtime.EVERYONE, state_message(run))
    outgoing.add(("control",), board_message(run, for_control=True))
    outgoing.add(("screen",), board_message(run, for_control=False))
    if run.kind == ActivityKind.TELEPHONE:
        outgoing.personal = task_messages(run)
    return outgoing


def board_outgoing(run_id: int) -> realtime.Outgoing | None:
    """The throttled refresh of the boards (items arrived or were moderated)."""
    run = ActivityRun.objects.select_related("content").filter(pk=run_id).first()
    if run is None:
        return None
    outgoing = realtime.Outgoing()
    outgoing.add(("control",), board_message(run, for_control=True))
    outgoing.add(("screen",), board_message(run, for_control=False))
    return outgoing


def current_seq(run_id: int) -> int | None:
    return ActivityRun.objects.filter(pk=run_id).values_list("seq", flat=True).first()


def publish_change(run: ActivityRun) -> None:
    """From a view: everyone in the room hears of the change once committed."""
    realtime.publish_after_commit(run_group(run.pk), lambda: change_outgoing(run.pk))
