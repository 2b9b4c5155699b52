"""lms.urls plus views that fail the way a saturated database does."""

from django.db import OperationalError
from django.urls import path
from psycopg import errors as pg_errors
from psycopg_pool import PoolTimeout

from lms.urls import handler500, urlpatterns  # noqa: F401


def pool_exhausted(request):
    # What Django raises when psycopg's pool had no connection in time.
    try:
        raise PoolTimeout("couldn't get a connection after 20.00 sec")
    except PoolTimeout as error:
        raise OperationalError(str(error)) from error


def too_many_clients(request):
    # What PostgreSQL answers when max_connections is reached (no pool).
    try:
        raise pg_errors.TooManyConnections("sorry, too many clients already")
    except pg_errors.TooManyConnections as error:
        raise OperationalError(str(error)) from error


def plain_bug(request):
    raise ZeroDivisionError


urlpatterns = [
    path("test-busy/", pool_exhausted),
    path("test-too-many/", too_many_clients),
    path("test-bug/", plain_bug),
    *urlpatterns,
]
