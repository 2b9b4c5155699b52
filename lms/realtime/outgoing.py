"""What a change sends to a room: encoded once, for every process and socket.

An ``Outgoing`` is built once per change (in a database thread) and crosses
the channel layer as already-encoded JSON text (``as_layer_message``): each
process's hub hands that text to its sockets without decoding or encoding it
again (see ``lms.realtime.hub``).
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from channels.layers import get_channel_layer

ROLES = ("participant", "control", "screen")
EVERYONE = ROLES
FANOUT = "realtime.fanout"


def encode(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Part:
    audiences: tuple[str, ...]
    message: dict


@dataclass
class Outgoing:
    """What one change sends: common parts in order, then personal messages."""

    parts: list[Part] = field(default_factory=list)
    personal: dict[int, dict] | None = None
    # The group's sequence number after this change (None: not numbered).
    seq: int | None = None
    # A connection that already has these messages (the control that acted).
    skip: str | None = None

    def add(self, audiences: Iterable[str], message: dict) -> None:
        self.parts.append(Part(tuple(audiences), message))

    def as_layer_message(self, group: str) -> dict:
        return {
            "type": FANOUT,
            "group": group,
            "seq": self.seq,
            "skip": self.skip,
            "parts": [
                {"audiences": list(part.audiences), "text": encode(part.message)}
                for part in self.parts
            ],
            "personal": (
                {str(pid): encode(message) for pid, message in self.personal.items()}
                if self.personal
                else None
            ),
        }


def publish_after_commit(group: str, build: Callable[[], Outgoing | None]) -> None:
    """From synchronous code (a view): publish ``build()`` once committed."""
    from asgiref.sync import async_to_sync
    from django.db import transaction

    def send() -> None:
        outgoing = build()
        if outgoing is not None and outgoing.parts:
            async_to_sync(get_channel_layer().group_send)(
                group, outgoing.as_layer_message(group)
            )

    # Robust: the write is committed; a channel layer that is down (Redis) loses
    # the news (logged), never turns the page into a 500.
    transaction.on_commit(send, robust=True)
