"""Realtime fan-out for rooms of phones: one hub per process, one base consumer.

A group is a room (a live session, a live exercise run). The pieces:

- ``outgoing``: what a change sends (``Outgoing``), encoded once, and
  ``publish_after_commit`` for synchronous code (views);
- ``hub``: this process's sockets by group and role (``get_hub``), the
  fan-out of broadcasts, batched writes, throttled results, timers, repair of
  lost broadcasts;
- ``limits``: frame checks, rates and close codes;
- ``consumer``: ``RealtimeConsumer``, the base of every realtime consumer
  (and why it is not Channels' JSON consumer);
- ``auth``: the websocket auth middleware with the trainers' own database
  thread.

Nothing here is needed by another process: the database holds the state, the
layer carries the messages. A restarted process starts empty and clients
reconnect to whichever process the proxy gives them. Import from here
(``from lms import realtime``): every public name is re-exported.
"""

from lms.text import to_latin

from .auth import (
    STAFF_PATH_ENDINGS,
    RealtimeAuthMiddleware,
    RealtimeAuthMiddlewareStack,
    priority_database_sync_to_async,
)
from .consumer import RealtimeConsumer, language_for, script_for
from .hub import Hub, batch_window, get_hub, results_interval, resync_interval
from .limits import (
    CLOSE_ABUSE,
    CLOSE_BUSY,
    CLOSE_FORBIDDEN,
    CLOSE_NOT_FOUND,
    CLOSE_SERVER_ERROR,
    CLOSE_TOO_LARGE,
    MAX_DEPTH,
    MAX_MESSAGE,
    MAX_REFUSALS,
    RATE_BURST,
    RATE_PER_SECOND,
    Buckets,
    Refused,
    TokenBucket,
    client_address,
    max_sockets_per_address,
    parse_frame,
)
from .outgoing import (
    EVERYONE,
    FANOUT,
    ROLES,
    Outgoing,
    Part,
    encode,
    publish_after_commit,
)

__all__ = [
    "CLOSE_ABUSE",
    "CLOSE_BUSY",
    "CLOSE_FORBIDDEN",
    "CLOSE_NOT_FOUND",
    "CLOSE_SERVER_ERROR",
    "CLOSE_TOO_LARGE",
    "EVERYONE",
    "FANOUT",
    "MAX_DEPTH",
    "MAX_MESSAGE",
    "MAX_REFUSALS",
    "RATE_BURST",
    "RATE_PER_SECOND",
    "ROLES",
    "STAFF_PATH_ENDINGS",
    "Buckets",
    "Hub",
    "Outgoing",
    "Part",
    "RealtimeAuthMiddleware",
    "RealtimeAuthMiddlewareStack",
    "RealtimeConsumer",
    "Refused",
    "TokenBucket",
    "batch_window",
    "client_address",
    "encode",
    "get_hub",
    "language_for",
    "max_sockets_per_address",
    "parse_frame",
    "priority_database_sync_to_async",
    "publish_after_commit",
    "results_interval",
    "resync_interval",
    "script_for",
    "to_latin",
]
