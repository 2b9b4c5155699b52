"""What a client may send: frame size and depth, rates, and the close codes.

Pure checks with no socket or database: ``RealtimeConsumer`` applies them to
every frame before any handler runs.
"""

import json
import time

from django.conf import settings

from lms.net import client_ip_from_scope

# Close codes (documented in docs/live-quiz-protocol.md). Servers may only
# send 1000 or 3000-4999: Daphne refuses 1009 ("invalid close code") and the
# client then saw 1011.
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_LARGE = 4413
CLOSE_ABUSE = 4429
CLOSE_SERVER_ERROR = 4500
CLOSE_BUSY = 4503

MAX_MESSAGE = 4096  # bytes; the largest real answer is a 200-character text
MAX_DEPTH = 5  # nesting of arrays and objects; real messages use 3
# Token bucket per connection: a burst of RATE_BURST, then RATE_PER_SECOND.
RATE_BURST = 10
RATE_PER_SECOND = 4.0
# A connection that keeps misbehaving is closed.
MAX_REFUSALS = 50


class Refused(Exception):
    """A refused request, with a code for clients and a message for people."""

    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


class TokenBucket:
    """A burst of ``burst``, then ``per_second`` on average."""

    def __init__(self, burst: float, per_second: float) -> None:
        self.burst = burst
        self.per_second = per_second
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(
            self.burst, self.tokens + (now - self.updated) * self.per_second
        )
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def full(self) -> bool:
        elapsed = time.monotonic() - self.updated
        return self.tokens + elapsed * self.per_second >= self.burst


class Buckets:
    """Token buckets by key (an address, a session), in this process."""

    def __init__(self, burst: float, per_second: float) -> None:
        self.burst = burst
        self.per_second = per_second
        self.buckets: dict = {}

    def allow(self, key) -> bool:
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) > 10_000:  # forget the keys that are idle again
                self.buckets = {k: b for k, b in self.buckets.items() if not b.full()}
            bucket = self.buckets[key] = TokenBucket(self.burst, self.per_second)
        return bucket.allow()


def client_address(scope) -> str:
    """The client's address: behind ``TRUSTED_PROXY_COUNT`` proxies, the one
    they forwarded (``lms.net``), whatever the server's proxy-headers flag."""
    return client_ip_from_scope(scope)


def _too_deep(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def parse_frame(raw: str | bytes, max_depth: int = MAX_DEPTH) -> dict | None:
    """A client's message, or None when it is not a JSON object with a
    ``type`` (also when nested too deep: a deep array made ``json`` raise
    ``RecursionError`` and killed the consumer)."""
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return None
    if _too_deep(message, max_depth):
        return None
    return message


def max_sockets_per_address() -> int:
    return getattr(settings, "REALTIME_MAX_SOCKETS_PER_ADDRESS", 300)
