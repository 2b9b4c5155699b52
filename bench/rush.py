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
import hashlib
import json
import math
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from importlib import metadata
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "rush-bench-2026"
LOGIN_CONCURRENCY = 50


def log(*parts) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def percentiles(values: list[float]) -> dict:
    """Nearest-rank percentiles in milliseconds (values in seconds)."""
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    return {
        "p50": round(rank(50) * 1000, 1),
        "p95": round(rank(95) * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def versions() -> dict:
    found = {}
    for name in ("Django", "daphne", "uvicorn", "psycopg", "psycopg-pool"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


# --- Database ------------------------------------------------------------------


def pg_execute(statements: list[str], url: str = PG_ADMIN_URL) -> list:
    import psycopg

    rows = []
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            cursor = conn.execute(statement)
            if cursor.description:
                rows.extend(cursor.fetchall())
    return rows


def migrations_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


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
    result = subprocess.run(
        [PYTHON, __file__, "--_role", role, "--_payload", json.dumps(payload)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise SystemExit(f"{role} step failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def role_setup(payload: dict) -> dict:
    """K people, an open training of capacity C, a live session of it."""
    import datetime

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from events.models import TrainingIndexPage, TrainingPage
    from lms.demo import _home_page
    from lms.models import Institution, Municipality, Profile, System, User
    from lms.roles import PARTICIPANT, TRAINER
    from quizzes.live.services import session_create

    home = _home_page()
    index = TrainingIndexPage.objects.first() or home.add_child(
        instance=TrainingIndexPage(title="Календар обука", slug="kalendar")
    )
    nis = Municipality.objects.local_self_government_units().get(name="Ниш")
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=14)
    training = index.add_child(
        instance=TrainingPage(
            title="Обука у налету",
            slug="obuka-u-naletu",
            start=start,
            end=start + datetime.timedelta(hours=6),
            venue_name="Сала Скупштине",
            municipality=nis,
            capacity=payload["capacity"],
            registration_closes=start - datetime.timedelta(days=1),
        )
    )
    # Users in bulk (signals do not run): profiles, e-mail addresses and the
    # participant role are added the same way, as complete as a person's
    # after the profile form.
    password = make_password(PASSWORD)
    emails = [f"osoba{i:04d}@example.org" for i in range(payload["users"])]
    users = User.objects.bulk_create(
        [
            User(email=e, first_name="Особа", last_name=f"Број {i}", password=password)
            for i, e in enumerate(emails)
        ]
    )
    system = System.objects.get(key="social_protection")
    institution = Institution.objects.get(name="ЦСР Ниш")
    now = timezone.now()
    Profile.objects.bulk_create(
        [
            Profile(
                user=u,
                gender="female",
                system=system,
                institution=institution,
                municipality=nis,
                job_title="социјална радница",
                completed_at=now,
            )
            for u in users
        ]
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users
        ]
    )
    group = Group.objects.get(name=PARTICIPANT)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users]
    )
    trainer = User.objects.create_user(
        email="trener-nalet@example.org", password=PASSWORD
    )
    trainer.groups.add(Group.objects.get(name=TRAINER))
    session = session_create(
        user=trainer, title="Квиз у налету", training=training, allow_guests=False
    ).session
    return {
        "emails": emails,
        "training_id": training.pk,
        "register_path": training.url + "registracija/",
        "training_path": training.url,
        "code": session.code,
    }


def role_check(payload: dict) -> dict:
    """What the database holds after the rush."""
    import django

    django.setup()
    from django.db.models import Count

    from events.models import Registration

    rows = Registration.objects.filter(training_id=payload["training_id"])
    by_status = dict(
        rows.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    duplicates = rows.values("user_id").annotate(n=Count("id")).filter(n__gt=1).count()
    return {
        "confirmed": by_status.get("confirmed", 0),
        "waitlisted": by_status.get("waitlisted", 0),
        "registrations": rows.count(),
        "duplicates": duplicates,
    }


# --- Servers -------------------------------------------------------------------


class Servers:
    """P ASGI processes on free ports; stopped (and their logs kept) on exit."""

    def __init__(self, kind: str, count: int, env: dict, log_dir: Path) -> None:
        self.kind, self.count, self.env, self.log_dir = kind, count, env, log_dir
        self.procs: list[subprocess.Popen] = []
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
            with open(self.log_dir / f"{self.kind}-{index}.log", "wb") as handle:
                self.procs.append(
                    subprocess.Popen(
                        self.command(port),
                        cwd=ROOT,
                        env=self.env,
                        stdout=handle,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                    )
                )
            self.ports.append(port)
        for index, port in enumerate(self.ports):
            self._wait_listening(index, port)
        return self.ports

    def _wait_listening(self, index: int, port: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[index].poll() is not None:
                raise SystemExit(f"server {index} exited:\n{self.tail(index)}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                return
            time.sleep(0.2)
        raise SystemExit(f"server {index} is not listening:\n{self.tail(index)}")

    def tail(self, index: int) -> str:
        path = self.log_dir / f"{self.kind}-{index}.log"
        return path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


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


# --- HTTP ----------------------------------------------------------------------


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


async def http(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> Response:
    """One request on a connection of its own; the whole response read."""
    body = urlencode(form).encode() if form is not None else b""
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Connection: close",
        "User-Agent: lms-bench",
    ]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if form is not None:
        lines.append("Content-Type: application/x-www-form-urlencoded")
    lines.append(f"Content-Length: {len(body)}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]

    async def exchange() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    raw = await asyncio.wait_for(exchange(), timeout)
    head, _sep, rest = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = [
        tuple(part.strip() for part in line.split(":", 1)) for line in header_lines
    ]
    return Response(int(status_line.split()[1]), parsed, rest)


class Person:
    def __init__(self, index: int, email: str, port: int) -> None:
        self.index, self.email, self.port = index, email, port
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, **kwargs) -> Response:
        response = await http(self.port, method, path, cookies=self.cookies, **kwargs)
        self.cookies.update(response.cookies())
        return response

    async def login(self) -> None:
        page = await self.request("GET", "/accounts/login/")
        if page.status != 200 or "csrftoken" not in self.cookies:
            raise RuntimeError(f"log-in page: {page.status}")
        done = await self.request(
            "POST",
            "/accounts/login/",
            form={
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
                "login": self.email,
                "password": PASSWORD,
            },
        )
        if done.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in of {self.email}: {done.status}")


async def rush(people: list[Person], make_request) -> dict:
    """Every person sends one request at the same instant; status and latency."""
    barrier = asyncio.Barrier(len(people))
    results: list[tuple[int, float]] = []

    async def one(person: Person) -> None:
        await barrier.wait()
        started = time.perf_counter()
        try:
            response = await make_request(person)
            status = response.status
        except (OSError, TimeoutError, ValueError, IndexError) as error:
            log(f"person {person.index}: {type(error).__name__} {error}")
            status = 0  # no HTTP answer at all
        results.append((status, time.perf_counter() - started))

    started = time.perf_counter()
    await asyncio.gather(*(one(p) for p in people))
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for status, _latency in results:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return {
        "requests": len(results),
        "status_counts": dict(sorted(counts.items())),
        "latency_ms": percentiles([latency for _s, latency in results]),
        "wall_s": round(elapsed, 2),
    }


# --- pg_stat_activity ------------------------------------------------------------


class ConnectionSampler(threading.Thread):
    """Connections to the database, every ~20 ms, from a thread of its own."""

    def __init__(self, database: str, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.database, self.interval = database, interval
        self.phase = "idle"
        self.peaks: dict[str, int] = {}
        self.samples = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        import psycopg

        # Connected to another database, so this connection is not counted.
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            while not self.stopping.is_set():
                (count,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                    [self.database],
                ).fetchone()
                self.samples += 1
                self.peaks[self.phase] = max(self.peaks.get(self.phase, 0), count)
                time.sleep(self.interval)

    def stop(self) -> dict:
        self.stopping.set()
        self.join(timeout=5)
        return self.peaks


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
