"""The broken telephone: a chain of phones retelling a case from memory.

The first phone reads the editor's case text for ``read_seconds``, then
writes its own version from memory within ``write_seconds``; the next phone
reads that version, and so on. A phone that is offline when its turn comes,
or lets its time run out, or drops out during its turn, is skipped: the next
phone reads the last version that was passed on. The projector then shows the
chain from the original to the last version, each step compared with the one
before it word by word (difflib), and the editor's debrief.
"""

import difflib
import random
import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import (
    ActivityKind,
    ActivityRun,
    ChainLink,
    ChainOrder,
    ChainPhone,
    LinkStatus,
    RunState,
)
from activities.services import ActivityError, _bump, _locked, clean_text

RETELLING_MAX = 1200
SEAT_MAX = 999


# --- Phones ----------------------------------------------------------------------


@transaction.atomic
def phone_join(*, run_id: int, token: str, seat) -> ChainPhone:
    """A phone joins (or comes back with its token): it is online again.

    A phone that joins after the start is added at the end of the chain.
    """
    return _join(_locked(run_id), token, seat)


@transaction.atomic
def phones_join(
    *, run_id: int, requests: list[tuple[str, object]]
) -> list[ChainPhone | ActivityError]:
    """Phones joining together (``(token, seat)`` each), under one lock of
    the run: one outcome per phone, in order, as ``phone_join`` would give
    it (the phone, or the refusal)."""
    run = _locked(run_id)
    outcomes: list[ChainPhone | ActivityError] = []
    for token, seat in requests:
        try:
            outcomes.append(_join(run, token, seat))
        except ActivityError as error:  # refused before any write
            outcomes.append(error)
    return outcomes


def _join(run: ActivityRun, token: str, seat) -> ChainPhone:
    if run.state == RunState.CLOSED:
        raise ActivityError("finished", _("The activity has finished."))
    phone = None
    if token:
        phone = ChainPhone.objects.filter(run=run, token=token[:40]).first()
    if seat is not None and (
        isinstance(seat, bool) or not isinstance(seat, int) or not 1 <= seat <= SEAT_MAX
    ):
        raise ActivityError("invalid", _("The seat number is not valid."))
    if phone is None:
        phone = ChainPhone.objects.create(run=run, seat=seat)
        if run.state == RunState.RUNNING:
            last = run.links.order_by("-position").first()
            ChainLink.objects.create(
                run=run, phone=phone, position=(last.position + 1) if last else 0
            )
            _advance_if_idle(run)
    else:
        phone.online = True
        phone.save(update_fields=["online"])
    return phone


def phone_offline(*, phone_id: int) -> None:
    ChainPhone.objects.filter(pk=phone_id).update(online=False)


# --- The chain -------------------------------------------------------------------


def chain_build(run: ActivityRun) -> None:
    """Order the phones that are online (random or by seat) and give the
    first its turn. Called by ``run_start`` with the run locked."""
    phones = list(run.phones.filter(online=True).order_by("pk"))
    if run.chain_order == ChainOrder.SEAT:
        phones.sort(key=lambda p: (p.seat is None, p.seat or 0, p.pk))
    else:
        random.SystemRandom().shuffle(phones)
    ChainLink.objects.bulk_create(
        ChainLink(run=run, phone=phone, position=position)
        for position, phone in enumerate(phones)
    )
    _activate_next(run)


def chain_stop(run: ActivityRun) -> None:
    """The trainer ends the chain: a turn in progress is skipped."""
    run.links.filter(status__in=(LinkStatus.ACTIVE, LinkStatus.WAITING)).update(
        status=LinkStatus.SKIPPED
    )


def _activate_next(run: ActivityRun) -> ChainLink | None:
    """The next waiting link whose phone is online gets its turn; offline
    phones on the way are skipped."""
    for link in run.links.filter(status=LinkStatus.WAITING).select_related("phone"):
        if link.phone is not None and link.phone.online:
            link.status = LinkStatus.ACTIVE
            link.started_at = timezone.now()
            link.save(update_fields=["status", "started_at"])
            return link
        link.status = LinkStatus.SKIPPED
        link.save(update_fields=["status"])
    return None


def _advance_if_idle(run: ActivityRun) -> None:
    if not run.links.filter(status=LinkStatus.ACTIVE).exists():
        if _activate_next(run) is not None:
            _bump(run)


def active_link(run: ActivityRun) -> ChainLink | None:
    return run.links.filter(status=LinkStatus.ACTIVE).first()


def previous_text(run: ActivityRun, link: ChainLink) -> str:
    """What ``link``'s phone reads: the last version passed on before it."""
    before = (
        run.links.filter(position__lt=link.position, status=LinkStatus.DONE)
        .order_by("-position")
        .first()
    )
    return before.text if before else run.content.case_text


@dataclass
class Turn:
    link: ChainLink
    read_until: object  # datetime
    write_until: object


def turn_of(run: ActivityRun, link: ChainLink) -> Turn:
    read_until = link.started_at + timedelta(seconds=run.read_seconds)
    return Turn(link, read_until, read_until + timedelta(seconds=run.write_seconds))


@transaction.atomic
def retelling_pass(*, run_id: int, phone_id: int, link_id, text) -> ChainLink:
    """The phone passes on its version; the next phone gets its turn."""
    run = _locked(run_id)
    if isinstance(link_id, bool) or not isinstance(link_id, int):
        raise ActivityError("not_found", _("It is not your turn."))
    link = run.links.filter(pk=link_id, phone_id=phone_id).first()
    if link is None or link.status != LinkStatus.ACTIVE:
        raise ActivityError("not_your_turn", _("It is not your turn."))
    turn = turn_of(run, link)
    if timezone.now() < turn.read_until - timedelta(seconds=1):
        raise ActivityError("too_early", _("Read first; writing opens in a moment."))
    link.text = clean_text(text, RETELLING_MAX)
    link.status = LinkStatus.DONE
    link.save(update_fields=["text", "status"])
    _activate_next(run)
    _bump(run)
    return link


@transaction.atomic
def turn_skip(*, run_id: int, link_id: int | None = None, unless_online=False) -> bool:
    """Skip the active turn (the trainer's ``skip``, a timeout, a dropped
    phone). With ``link_id`` only that turn, if it is still active; with
    ``unless_online`` not if its phone came back meanwhile. True if skipped."""
    run = _locked(run_id)
    if run.kind != ActivityKind.TELEPHONE or run.state != RunState.RUNNING:
        return False
    link = active_link(run)
    if link is None or (link_id is not None and link.pk != link_id):
        return False
    if unless_online and link.phone is not None and link.phone.online:
        return False
    link.status = LinkStatus.SKIPPED
    link.save(update_fields=["status"])
    _activate_next(run)
    _bump(run)
    return True


def turn_timeout(*, run_id: int, link_id: int) -> bool:
    """The clock of a turn ran out (checked again: another process may have
    moved on, or the clock may have been set again)."""
    run = ActivityRun.objects.get(pk=run_id)
    link = run.links.filter(pk=link_id, status=LinkStatus.ACTIVE).first()
    if link is None or timezone.now() < turn_of(run, link).write_until:
        return False
    return turn_skip(run_id=run_id, link_id=link_id)


# --- The reveal ------------------------------------------------------------------

_TOKEN = re.compile(r"\S+")


def _word_key(word: str) -> str:
    from lms.text import search_key

    return search_key(word) or word


def word_diff(before: str, after: str) -> list[dict]:
    """``after`` word by word, with the words of ``before`` it lost:
    ``[{"text", "op"}]`` where op is ``same``, ``added`` or ``lost``.
    Words compare regardless of case, script, accents and punctuation."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(
        a=[_word_key(w) for w in old], b=[_word_key(w) for w in new], autojunk=False
    )
    tokens = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            tokens += [{"text": w, "op": "same"} for w in new[j1:j2]]
            continue
        tokens += [{"text": w, "op": "lost"} for w in old[i1:i2]]
        tokens += [{"text": w, "op": "added"} for w in new[j1:j2]]
    return tokens


def chain_steps(run: ActivityRun) -> list[dict]:
    """The original and each version passed on, compared with the one before."""
    steps = [{"position": 0, "text": run.content.case_text, "tokens": None}]
    before = run.content.case_text
    for number, link in enumerate(
        run.links.filter(status=LinkStatus.DONE).order_by("position"), start=1
    ):
        steps.append(
            {
                "position": number,
                "text": link.text,
                "tokens": word_diff(before, link.text),
            }
        )
        before = link.text
    return steps


def chain_summary(run: ActivityRun) -> dict:
    """Figures for the debrief: words kept from the original in the last version."""
    steps = chain_steps(run)
    original = {_word_key(w) for w in _TOKEN.findall(steps[0]["text"])}
    last = {_word_key(w) for w in _TOKEN.findall(steps[-1]["text"])}
    skipped = run.links.filter(status=LinkStatus.SKIPPED).count()
    return {
        "versions": len(steps) - 1,
        "skipped": skipped,
        "kept": round(100 * len(original & last) / len(original)) if original else 0,
    }
