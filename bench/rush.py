"""The HTTP rush: K logged-in people press "Register" in the same instant.

    .venv/bin/python bench/rush.py --users 500 --processes 2 --capacity 20
    .venv/bin/python bench/rush.py --users 500 --processes 2 --capacity 20 \\
        --server uvicorn

1. A fresh PostgreSQL database ``lms_rush`` (created from a migrated template
   database ``lms_rush_template``, rebuilt when the migrations change).
2. K people with verified e-mail and complete profiles, one open training of
   capacity C, one live session of that training.
3. P ASGI server processes (Daphne or uvicorn) on free ports with
   ``bench/rush_settings.py``: production's settings (PostgreSQL through the
   bounded pool, Redis cache) minus TLS; person i talks to process i mod P.
4. All K log in through the real log-in form (CSRF cookie, then POST), 50 at
   a time; then (a) all K POST the registration form at the same instant
   (an asyncio barrier; each opens its own connection, as phones do), and
   (b) all K GET the live session's phone page at the same instant.
5. ``pg_stat_activity`` is sampled every 20 ms in a thread of its own.

One JSON object goes to stdout (progress to stderr): ``status_counts`` of the
two rushes, ``confirmed``/``waitlisted``/``duplicates`` in the database,
``peak_connections`` against ``connection_cap`` (P × DB_POOL_MAX_SIZE), and
each phase's requests, status counts and p50/p95/max latency.

The HTTP client is a minimal one on asyncio streams (one request per
connection, ``Connection: close``): it needs no package, and costs the client
little CPU on a 2-core machine that also runs the servers.
"""

import argparse
import asyncio
import base64
import contextlib
import json
import os
import sys
import time
from importlib import metadata
from pathlib import Path

from _rush_fixtures import role_check, role_setup
from _rush_people import ConnectionSampler, Person, rush
from _servers import (
    BIN,
    ROOT,
    Processes,
    free_port,
    log,
    manage,
    migrations_hash,
    pg_execute,
    raise_fd_limit,
)
from _servers import django_step as _django_step

LOGIN_CONCURRENCY = 50


def versions() -> dict:
    found = {}
    for name in ("Django", "daphne", "uvicorn", "psycopg", "psycopg-pool"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


# --- Database ------------------------------------------------------------------


def prepare_database(name: str, env: dict) -> str:
    """A migrated, empty database ``name``; returns its DATABASE_URL."""
    template = f"{name}_template"
    key = migrations_hash()
    comment = pg_execute(
        [
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            f"WHERE datname = '{template}'"
        ]
    )
    if not comment or comment[0][0] != key:
        log(f"migrating the template database {template} (kept for later runs)")
        pg_execute(
            [
                f"DROP DATABASE IF EXISTS {template} WITH (FORCE)",
                f"CREATE DATABASE {template}",
            ]
        )
        manage(
            {**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{template}"},
            "migrate",
            "--no-input",
            "-v",
            "0",
            timeout=900,
        )
        pg_execute([f"COMMENT ON DATABASE {template} IS '{key}'"])
    pg_execute(
        [
            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
            f"CREATE DATABASE {name} TEMPLATE {template}",
        ]
    )
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def django_step(env: dict, role: str, payload: dict) -> dict:
    """Run a Django step (set-up, check) in a subprocess; returns its JSON."""
    return _django_step(__file__, env, role, payload, timeout=900)


# --- Servers -------------------------------------------------------------------


class Servers(Processes):
    """P ASGI processes on free ports; stopped (and their logs kept) on exit."""

    def __init__(self, kind: str, count: int, env: dict, log_dir: Path) -> None:
        super().__init__()  # stopped with SIGTERM
        self.kind, self.count, self.env, self.log_dir = kind, count, env, log_dir
        self.ports: list[int] = []

    def command(self, port: int) -> list[str]:
        if self.kind == "uvicorn":
            # --proxy-headers as in production (it trusts only 127.0.0.1 by
            # default); a large backlog so a rush of connects is not dropped.
            return [
                str(BIN / "uvicorn"),
                "lms.asgi:application",
                "--host=127.0.0.1",
                f"--port={port}",
                "--backlog=4096",
                "--lifespan=off",
                "--no-access-log",
                "--proxy-headers",
            ]
        # Twisted listens with a backlog of 50 unless told otherwise.
        return [
            str(BIN / "daphne"),
            "-e",
            f"tcp:port={port}:interface=127.0.0.1:backlog=4096",
            "lms.asgi:application",
        ]

    def start(self) -> list[int]:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for index in range(self.count):
            port = free_port()
            log_path = self.log_dir / f"{self.kind}-{index}.log"
            super().start(self.command(port), self.env, log_path)
            self.ports.append(port)
        for index, port in enumerate(self.ports):
            self.wait_listening(index, port)
        return self.ports


def server_env(args, database_url: str) -> dict:
    tag = f"rush{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rush_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.urandom(32).hex(),
        # Production refuses to start without the referrals' encryption key.
        "REFERRALS_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
        "CHANNEL_LAYER_PREFIX": tag,
        "BENCH_CACHE_PREFIX": tag,
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONUNBUFFERED": "1",
    }
    if args.pool_max is not None:
        env["DB_POOL_MAX_SIZE"] = str(args.pool_max)
    if args.pool_timeout is not None:
        env["DB_POOL_TIMEOUT"] = str(args.pool_timeout)
    return env


def pool_max_size(env: dict) -> int:
    """The per-process cap the servers run with (as lms.settings reads it)."""
    sys.path[:0] = [str(ROOT)]
    from lms.settings.base import database_pool_options

    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return database_pool_options()["max_size"]
    finally:
        os.environ.clear()
        os.environ.update(saved)


# --- Main ----------------------------------------------------------------------


async def run_rushes(args, setup: dict, ports: list[int], sampler) -> dict:
    people = [
        Person(i, email, ports[i % len(ports)])
        for i, email in enumerate(setup["emails"])
    ]
    sampler.phase = "login"
    started = time.perf_counter()
    gate = asyncio.Semaphore(LOGIN_CONCURRENCY)

    async def login(person: Person) -> None:
        async with gate:
            await person.login()

    await asyncio.gather(*(login(p) for p in people))
    log(f"{len(people)} people logged in in {time.perf_counter() - started:.1f} s")
    await asyncio.sleep(1)

    def register(person: Person):
        return person.request(
            "POST",
            setup["register_path"],
            form={
                "csrfmiddlewaretoken": person.cookies["csrftoken"],
                "participation_form": "passive",
                "consent_data": "on",
                "consent_chamber": "on",
            },
        )

    sampler.phase = "register"
    phases = {"register": await rush(people, register)}
    log("register:", json.dumps(phases["register"]))
    sampler.phase = "between"
    await asyncio.sleep(1)
    sampler.phase = "live_page"
    phases["live_page"] = await rush(
        people, lambda person: person.request("GET", f"/uzivo/{setup['code']}/")
    )
    log("live page:", json.dumps(phases["live_page"]))
    sampler.phase = "after"
    await asyncio.sleep(0.5)
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--capacity", type=int, default=20)
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="daphne")
    parser.add_argument("--database", default="lms_rush")
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument(
        "--pool-max", type=int, help="DB_POOL_MAX_SIZE (default: settings)"
    )
    parser.add_argument("--pool-timeout", type=float, help="DB_POOL_TIMEOUT in seconds")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--_role", help=argparse.SUPPRESS)
    parser.add_argument("--_payload", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._role:
        role = {"setup": role_setup, "check": role_check}[args._role]
        print(json.dumps(role(json.loads(args._payload))))
        return

    raise_fd_limit()
    env = server_env(args, "")
    env["DATABASE_URL"] = prepare_database(args.database, env)
    log(f"creating {args.users} people and a training of {args.capacity} seats")
    setup = django_step(env, "setup", {"users": args.users, "capacity": args.capacity})
    servers = Servers(args.server, args.processes, env, ROOT / "bench" / "out")
    sampler = ConnectionSampler(args.database)
    try:
        ports = servers.start()
        log(f"{args.processes} × {args.server} on ports {ports}")
        sampler.start()
        phases = asyncio.run(run_rushes(args, setup, ports, sampler))
    finally:
        peaks = sampler.stop() if sampler.is_alive() else sampler.peaks
        servers.stop()
    database = django_step(env, "check", {"training_id": setup["training_id"]})
    if not args.keep_database:
        pg_execute([f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)"])
    cap = args.processes * pool_max_size(env)
    status_counts: dict[str, int] = {}
    for phase in phases.values():
        for status, count in phase["status_counts"].items():
            status_counts[status] = status_counts.get(status, 0) + count
    peak = max(peaks.values(), default=0)
    result = {
        "benchmark": "rush",
        "server": args.server,
        "users": args.users,
        "processes": args.processes,
        "capacity": args.capacity,
        "status_counts": dict(sorted(status_counts.items())),
        "errors_5xx_or_none": sum(
            n for s, n in status_counts.items() if int(s) >= 500 or int(s) == 0
        ),
        **database,
        "peak_connections": peak,
        "peak_connections_by_phase": peaks,
        "connection_cap": cap,
        "within_cap": peak <= cap,
        "phases": phases,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": versions(),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
