"""A Redis cache that fails open: Redis down is a slower site, never an error page.

Everything the site keeps in the cache can be lost: Wagtail's site root paths
and feeds are computed again, allauth's rate counters and the certificate
verification window start afresh, periodic tasks wait for the next check. So
when Redis cannot be reached, every operation answers as if the cache were
empty (``get`` gives the default, ``add`` stores "for the first time", ``incr``
finds no counter) instead of raising into the page. Rate limits are therefore
not enforced during an outage; that is the documented trade-off (a login page
that works beats one that locks everybody out).

Short socket timeouts keep a dead or unreachable Redis from hanging requests,
and after a failure the backend does not try again for ``RETRY_AFTER`` seconds
(per process), so an outage costs one timeout, not one per cache call. Faults
are logged at WARNING, at most once a minute, and the recovery once.

Code that must know whether a write really happened (periodic tasks claiming
their turn) reads its value back: during an outage the read gives nothing.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from lms.faults import fault_cleared, warn_throttled

logger = logging.getLogger(__name__)

# A connection attempt or a reply that takes longer means Redis is not usable
# for a web request (a healthy one answers in well under a millisecond here).
DEFAULT_SOCKET_TIMEOUT = 0.5
DEFAULT_RETRY_AFTER = 5.0

_down_until: dict[str, float] = {}
_state_lock = threading.Lock()

FAULTS = (RedisError, OSError)


class FailOpenRedisCache(RedisCache):
    """Django's ``RedisCache`` whose failures answer like an empty cache.

    ``OPTIONS`` takes ``RETRY_AFTER`` (seconds without trying after a failure;
    0 tries every time) besides redis-py's connection options; the socket
    timeouts default to half a second.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        # Shared by the per-thread instances Django creates for one alias.
        self._fault_key = f"cache:{','.join(self._servers)}"

    # --- fault handling --------------------------------------------------
    def _run(self, fallback, operation, *args):
        """``operation(*args)``, or ``fallback`` (raised if an exception) when
        Redis fails or failed less than ``retry_after`` seconds ago."""
        if _down_until.get(self._fault_key, 0.0) > time.monotonic():
            return _fall_back(fallback)
        try:
            result = operation(*args)
        except FAULTS as error:
            self._failed(error)
            return _fall_back(fallback)
        if self._fault_key in _down_until:
            self._recovered()
        return result

    def _failed(self, error: BaseException) -> None:
        with _state_lock:
            _down_until[self._fault_key] = time.monotonic() + self.retry_after
        warn_throttled(
            logger,
            self._fault_key,
            "cache unavailable (%s: %s); serving without it",
            error.__class__.__name__,
            error,
        )

    def _recovered(self) -> None:
        with _state_lock:
            _down_until.pop(self._fault_key, None)
        if fault_cleared(self._fault_key):
            logger.warning("cache available again")

    def ping(self) -> None:
        """Raise unless Redis answers (for /healthz: never fails open)."""
        self._cache.get_client(write=True).ping()

    # --- the cache API, each with what an empty cache would answer ----------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._run(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._run(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._run({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._run(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = ValueError(f"Key '{key}' not found (cache unavailable).")
        return self._run(missing, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._run(None, super().delete_many, keys, version)

    def clear(self):
        return self._run(False, super().clear)


def _fall_back(fallback):
    if isinstance(fallback, BaseException):
        raise fallback
    return fallback
