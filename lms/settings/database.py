"""The database from ``DATABASE_URL``: SQLite by default, PostgreSQL through a pool.

Functions only: ``base`` (and ``production``) call them.
"""

import os

import dj_database_url

from .paths import BASE_DIR


def database_config(
    *,
    default: str | None = f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    conn_health_checks: bool = False,
) -> dict:
    """The default database from ``DATABASE_URL`` (SQLite when it is unset).

    On PostgreSQL every process gets one bounded psycopg 3 pool. Under ASGI,
    Django runs each request's ORM work in a thread of its own and each thread
    holds its own connection: without a cap, 200 simultaneous requests on two
    processes exhausted ``max_connections=100`` ("too many clients already").
    With the pool a rush waits up to ``DB_POOL_TIMEOUT`` seconds for one of
    ``DB_POOL_MAX_SIZE`` connections; if none frees up in time the person sees
    the "busy, try again" page (503, ``lms.errors.server_error``), not a 500.

    Connections per process = ``DB_POOL_MAX_SIZE`` (every thread of the
    process, HTTP views and websocket consumers alike, borrows from the same
    pool); the README's "Database connections" gives the formula for several
    processes and task workers. ``DB_POOL=0`` turns the pool off (e.g. behind
    PgBouncer), falling back to ``DB_CONN_MAX_AGE``.
    """
    config = dj_database_url.config(
        default=default,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=conn_health_checks,
    )
    if config.get("ENGINE") == "django.db.backends.postgresql" and os.environ.get(
        "DB_POOL", "1"
    ) not in ("0", "false", "no"):
        # Django requires CONN_MAX_AGE=0 with its pool: "closing" a connection
        # gives it back to the pool instead.
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = database_pool_options()
    return config


def database_pool_options() -> dict:
    """psycopg_pool.ConnectionPool arguments for one process, from the environment."""
    return {
        # Opened at the first query and kept warm; a task worker (one thread)
        # holds just these.
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
        # The hard cap of this process's connections.
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "10")),
        # How long a request waits for a free connection before the 503 page.
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "30")),
        # A rush opens connections up to max_size; when they sit unused, the
        # pool closes one per this many seconds until min_size is left
        # (psycopg's default period is 10 minutes). They always count against
        # the cap, so idle ones are harmless to the formula in the README.
        "max_idle": float(os.environ.get("DB_POOL_MAX_IDLE", "60")),
        "name": "lms",
    }
