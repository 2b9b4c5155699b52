"""What changes an activity run: creating, starting, moderating, closing,
and what phones send (balloons, collage pieces). The broken telephone's chain
is in ``activities.telephone``.

Locking rule: a change of a run's state locks the run's row
(``_locked``) and adds one to its ``seq`` in the same transaction; phones'
items (balloons, pieces) do not change the state and take no lock.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import (
    ActivityContent,
    ActivityKind,
    ActivityRun,
    Balloon,
    BalloonTally,
    ChainOrder,
    CollageImage,
    CollagePiece,
    ItemStatus,
    RunState,
    new_join_code,
)
from lms import registry
from lms.realtime import Refused
from lms.text import search_key

BALLOON_MAX = 40
BALLOON_WORDS_MAX = 5
PIECE_WORD_MAX = 30


class ActivityError(Refused):
    """A refused request (a code for clients, a message for people)."""


def can_control(user, run: ActivityRun) -> bool:
    if not user or not user.is_authenticated:
        return False
    return ActivityRun.objects.controlled_by(user).filter(pk=run.pk).exists()


def _locked(run_id: int) -> ActivityRun:
    return ActivityRun.objects.select_for_update().get(pk=run_id)


def _bump(run: ActivityRun, **fields) -> ActivityRun:
    for name, value in fields.items():
        setattr(run, name, value)
    run.seq += 1
    run.save(update_fields=[*fields, "seq"])
    return run


# --- Runs ------------------------------------------------------------------------


def run_create(
    *,
    user,
    content: ActivityContent,
    training=None,
    moderated: bool = True,
    chain_order: str = ChainOrder.RANDOM,
    read_seconds: int = 20,
    write_seconds: int = 120,
) -> ActivityRun:
    """A new run of ``content`` in the lobby, with a code no other room uses."""
    code = registry.unused_join_code(
        new_join_code, lambda code: ActivityRun.objects.filter(code=code).exists()
    )
    return ActivityRun.objects.create(
        code=code,
        kind=content.kind,
        content=content,
        owner=user,
        training=training,
        moderated=moderated,
        chain_order=chain_order,
        read_seconds=read_seconds,
        write_seconds=write_seconds,
    )


@transaction.atomic
def run_start(*, run_id: int) -> ActivityRun:
    run = _locked(run_id)
    if run.state != RunState.LOBBY:
        raise ActivityError("started", _("The activity has already started."))
    if run.kind == ActivityKind.TELEPHONE:
        from activities.telephone import chain_build

        chain_build(run)
    return _bump(run, state=RunState.RUNNING)


@transaction.atomic
def run_reveal(*, run_id: int) -> ActivityRun:
    run = _locked(run_id)
    if run.state != RunState.RUNNING:
        raise ActivityError("not_running", _("The activity is not running."))
    if run.kind == ActivityKind.TELEPHONE:
        from activities.telephone import chain_stop

        chain_stop(run)
    return _bump(run, state=RunState.REVEALED)


@transaction.atomic
def run_close(*, run_id: int) -> ActivityRun:
    """Close the run. Balloons do not outlive it: only the anonymous list
    (word and count) stays, and only if the trainer saved it."""
    run = _locked(run_id)
    if run.state == RunState.CLOSED:
        return run
    if run.kind == ActivityKind.TELEPHONE:
        from activities.telephone import chain_stop

        chain_stop(run)
        # The tokens let a phone find its turn again; nothing needs them now.
        run.phones.update(token="", online=False)
    if run.kind == ActivityKind.BALLOONS:
        if run.keep_list:
            _tally_store(run)
        Balloon.objects.filter(run=run).delete()
    return _bump(run, state=RunState.CLOSED, closed_at=timezone.now())


@transaction.atomic
def balloons_keep(*, run_id: int) -> list[dict]:
    """The trainer saves the anonymous list: word and count, nothing else."""
    run = _locked(run_id)
    if run.kind != ActivityKind.BALLOONS or run.state == RunState.CLOSED:
        raise ActivityError("invalid", _("There is no list to save."))
    run.keep_list = True
    run.save(update_fields=["keep_list"])
    return _tally_store(run)


def _tally_store(run: ActivityRun) -> list[dict]:
    groups = balloon_groups(run)
    BalloonTally.objects.filter(run=run).delete()
    BalloonTally.objects.bulk_create(
        BalloonTally(run=run, text=g["text"], count=g["count"]) for g in groups
    )
    return groups


# --- What phones send -------------------------------------------------------------

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_text(value, limit: int, *, required: bool = True) -> str:
    """A short text as people will see it: one line, no control or invisible
    characters, NFC, at most ``limit`` characters (ActivityError otherwise)."""
    if not isinstance(value, str):
        raise ActivityError("invalid", _("Write a word or a short phrase."))
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", value))
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" or c == " ")
    text = " ".join(text.split())
    if not text:
        if required:
            raise ActivityError("invalid", _("Write a word or a short phrase."))
        return ""
    if len(text) > limit:
        raise ActivityError(
            "too_long", _("That is too long: a word or a short phrase, please.")
        )
    return text


def balloon_clean(value) -> tuple[str, str]:
    text = clean_text(value, BALLOON_MAX)
    if len(text.split()) > BALLOON_WORDS_MAX:
        raise ActivityError(
            "too_long", _("That is too long: a word or a short phrase, please.")
        )
    key = search_key(text)
    if not key:
        raise ActivityError("invalid", _("Write a word or a short phrase."))
    return text, key


@dataclass
class BalloonItem:
    run_id: int
    text: str
    key: str


def balloons_store(items: list[BalloonItem]) -> list[str]:
    """Many phones' balloons in one go; one outcome ("ok" or an error code)
    per item. The run's state is read once per run."""
    states = dict(
        ActivityRun.objects.filter(pk__in={i.run_id for i in items}).values_list(
            "pk", "state"
        )
    )
    moderated = set(
        ActivityRun.objects.filter(
            pk__in={i.run_id for i in items}, moderated=True
        ).values_list("pk", flat=True)
    )
    rows, outcomes = [], []
    for item in items:
        if states.get(item.run_id) != RunState.RUNNING:
            outcomes.append("not_running")
            continue
        status = ItemStatus.PENDING if item.run_id in moderated else ItemStatus.APPROVED
        rows.append(
            Balloon(run_id=item.run_id, text=item.text, key=item.key, status=status)
        )
        outcomes.append("ok")
    Balloon.objects.bulk_create(rows)
    return outcomes


def balloon_groups(run: ActivityRun, status: str = ItemStatus.APPROVED) -> list[dict]:
    """Approved balloons grouped regardless of case, script and diacritics;
    each group is shown as its most frequent spelling. Largest first."""
    spellings: dict[str, Counter] = {}
    for text, key in Balloon.objects.filter(run=run, status=status).values_list(
        "text", "key"
    ):
        spellings.setdefault(key, Counter())[text] += 1
    groups = [
        {
            "key": key,
            "text": counter.most_common(1)[0][0],
            "count": sum(counter.values()),
        }
        for key, counter in spellings.items()
    ]
    groups.sort(key=lambda g: (-g["count"], g["key"]))
    return groups


def piece_add(*, run_id: int, image_id, word) -> CollagePiece:
    run = ActivityRun.objects.get(pk=run_id)
    if run.state != RunState.RUNNING:
        raise ActivityError("not_running", _("The activity is not running."))
    if isinstance(image_id, bool) or not isinstance(image_id, int):
        raise ActivityError("invalid", _("Choose an image."))
    image = CollageImage.objects.filter(pk=image_id, content_id=run.content_id).first()
    if image is None:
        raise ActivityError("invalid", _("Choose an image."))
    word = clean_text(word or "", PIECE_WORD_MAX, required=False)
    status = ItemStatus.PENDING if run.moderated else ItemStatus.APPROVED
    return CollagePiece.objects.create(run=run, image=image, word=word, status=status)


def _moderated_model(run_id: int, item_id):
    if isinstance(item_id, bool) or not isinstance(item_id, int):
        raise ActivityError("not_found", _("There is no such item."))
    run = ActivityRun.objects.get(pk=run_id)
    model = {ActivityKind.BALLOONS: Balloon, ActivityKind.COLLAGE: CollagePiece}.get(
        run.kind
    )
    if model is None:
        raise ActivityError("invalid", _("This activity has nothing to moderate."))
    return run, model


def item_moderate(*, run_id: int, item_id, status) -> None:
    """Approve or reject a balloon or a collage piece of the run."""
    if status not in (ItemStatus.APPROVED, ItemStatus.REJECTED):
        raise ActivityError("invalid", _("Unknown decision."))
    run, model = _moderated_model(run_id, item_id)
    if not model.objects.filter(run=run, pk=item_id).update(status=status):
        raise ActivityError("not_found", _("There is no such item."))


def items_approve_same(*, run_id: int, item_id) -> int:
    """ "Approve all identical": every pending balloon or collage piece of the
    run whose word groups with this item's (as the projector groups them:
    regardless of case, script and accents; a piece by its word, whatever its
    image) is approved. Returns how many were approved."""
    run, model = _moderated_model(run_id, item_id)
    item = model.objects.filter(run=run, pk=item_id).first()
    if item is None:
        raise ActivityError("not_found", _("There is no such item."))
    pending = model.objects.filter(run=run, status=ItemStatus.PENDING)
    if model is Balloon:
        same = pending.filter(key=item.key)
    else:
        key = search_key(item.word)
        same = pending.filter(
            pk__in=[
                pk
                for pk, word in pending.values_list("pk", "word")
                if search_key(word) == key
            ]
        )
    return same.update(status=ItemStatus.APPROVED)
