"""Log a recurring fault once in a while, not once per request.

When Redis is down every request meets the same error; a line per request
would bury the log (and fill the disk) during exactly the minutes someone
reads it. Each kind of fault logs at most once per interval per process,
with how many times it happened since the last line.
"""

import logging
import threading
import time

_lock = threading.Lock()
_last_logged: dict[str, float] = {}
_suppressed: dict[str, int] = {}


def warn_throttled(
    logger: logging.Logger, kind: str, message: str, *args, every: float = 60.0
) -> bool:
    """Log ``message`` at WARNING unless ``kind`` was logged in the last ``every``
    seconds; return whether it was logged."""
    now = time.monotonic()
    with _lock:
        last = _last_logged.get(kind)
        if last is not None and now - last < every:
            _suppressed[kind] = _suppressed.get(kind, 0) + 1
            return False
        _last_logged[kind] = now
        repeated = _suppressed.pop(kind, 0)
    if repeated:
        message += " (%d more since the last report)"
        args = (*args, repeated)
    logger.warning(message, *args)
    return True


def fault_cleared(kind: str) -> bool:
    """Forget ``kind``; return whether it had been reported (to log recovery)."""
    with _lock:
        _suppressed.pop(kind, None)
        return _last_logged.pop(kind, None) is not None
