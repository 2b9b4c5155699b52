"""The server-error page, and the "busy" page when the database is saturated.

A rush can use every connection of a process's pool (``DB_POOL_MAX_SIZE``):
a request that waited ``DB_POOL_TIMEOUT`` seconds in vain, or that PostgreSQL
itself turned away ("too many clients"), is not a bug but a full house. The
person is told the site is busy and to try again in a moment (HTTP 503 with
``Retry-After``, which proxies and load balancers understand), instead of the
generic error page.
"""

import logging
import sys

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def _busy_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    try:
        from psycopg import errors as pg_errors

        errors.append(pg_errors.TooManyConnections)
    except ImportError:  # SQLite-only installations
        pass
    try:
        from psycopg_pool import PoolTimeout, TooManyRequests

        errors += [PoolTimeout, TooManyRequests]
    except ImportError:
        pass
    return tuple(errors)


BUSY_ERRORS = _busy_errors()


def is_busy_error(error: BaseException | None) -> bool:
    """Whether ``error`` (or what it wraps) means "no database connection free"."""
    seen = set()
    while error is not None and id(error) not in seen:
        if BUSY_ERRORS and isinstance(error, BUSY_ERRORS):
            return True
        seen.add(id(error))
        # Django re-raises driver errors as django.db errors "from" them.
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name: str = "500.html"):
    """``handler500``: the busy page for a saturated database, else the 500 page.

    Renders without a request context: context processors and the site menu
    query the database, which is exactly what may be unavailable here.
    """
    if is_busy_error(sys.exc_info()[1]):
        logger.warning("database busy: 503 for %s %s", request.method, request.path)
        response = HttpResponse(
            loader.get_template("lms/busy.html").render(), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
