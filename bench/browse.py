"""A steady browse: N anonymous visitors read home, calendar and a training page.

    .venv/bin/python bench/browse.py --clients 20 --duration 60   # SQLite, demo
    .venv/bin/python bench/browse.py --database postgres --processes 2 \\
        --clients 50 --duration 60 --server uvicorn
    .venv/bin/python bench/browse.py ... --no-page-cache          # today's figures

- **Data.** The demo (``manage.py load_demo``: the 2025 trainings, courses,
  case studies) in a fresh database copied from a template (an SQLite file in
  ``$TMPDIR/lms-browse-cache/`` or the PostgreSQL database
  ``lms_browse_template``), rebuilt when the migrations or the demo change.
- **Servers.** P processes of Daphne or uvicorn (as bench/rush.py). On SQLite
  the embedded default's settings (``lms.settings.dev``: database cache); on
  PostgreSQL production's (``bench/rush_settings.py``: pool, Redis cache with
  a key prefix of the run's own).
- **Visitors.** N clients without a session, each on one keep-alive
  connection (reopened if the server closes it), cycling through home,
  calendar and an upcoming training's page, with no think time; client i
  talks to process i mod P. ``--languages sr,sr-latn,en`` spreads them over
  languages (Serbian Cyrillic only by default).

Prints one JSON object: requests, requests/s, status counts, p50/p95/max
latency overall and per page, and how many answers came from the page cache.
"""

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rush import (
    PYTHON,
    ROOT,
    Servers,
    log,
    manage,
    migrations_hash,
    percentiles,
    pg_execute,
    raise_fd_limit,
    versions,
)

TEMPLATE_CACHE = Path(tempfile.gettempdir()) / "lms-browse-cache"


def demo_hash() -> str:
    digest = hashlib.sha256(migrations_hash().encode())
    for pattern in ("*/demo*.py", "*/data/*", "lms/management/commands/load_demo.py"):
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_database(kind: str, name: str, env: dict, tmp: Path) -> str:
    """A database with the demo loaded; returns its DATABASE_URL."""
    key = demo_hash()
    if kind == "sqlite":
        TEMPLATE_CACHE.mkdir(exist_ok=True)
        template = TEMPLATE_CACHE / f"demo-{key}.sqlite3"
        if not template.exists():
            log("migrating and loading the demo into a template SQLite file")
            building = TEMPLATE_CACHE / f"building-{os.getpid()}.sqlite3"
            build_env = {**env, "DATABASE_URL": f"sqlite:///{building}"}
            for step in (["migrate", "--no-input", "-v", "0"], ["createcachetable"]):
                manage(build_env, *step)
            manage(build_env, "load_demo")
            building.replace(template)
        target = tmp / "browse.sqlite3"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    template = f"{name}_template"
    comment = pg_execute(
        [
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            f"WHERE datname = '{template}'"
        ]
    )
    if not comment or comment[0][0] != key:
        log(f"migrating and loading the demo into {template}")
        pg_execute(
            [
                f"DROP DATABASE IF EXISTS {template} WITH (FORCE)",
                f"CREATE DATABASE {template}",
            ]
        )
        build_env = {
            **env,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{template}",
        }
        manage(build_env, "migrate", "--no-input", "-v", "0")
        manage(build_env, "load_demo")
        pg_execute([f"COMMENT ON DATABASE {template} IS '{key}'"])
    pg_execute(
        [
            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
            f"CREATE DATABASE {name} TEMPLATE {template}",
        ]
    )
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def pages(env: dict) -> dict:
    """The URLs a visitor reads: home, calendar, an upcoming training."""
    code = (
        "import django, json; django.setup();"
        "from django.utils import timezone;"
        "from events.models import TrainingIndexPage, TrainingPage;"
        "t = TrainingPage.objects.live().filter(start__gte=timezone.now())"
        ".order_by('start').first() or TrainingPage.objects.live().first();"
        "print(json.dumps({'home': '/', "
        "'calendar': TrainingIndexPage.objects.live().first().url, "
        "'training': t.url}))"
    )
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


class KeepAlive:
    """One HTTP/1.1 connection reused for a visitor's requests."""

    def __init__(self, port: int, cookies: dict[str, str]) -> None:
        self.port, self.cookies = port, cookies
        self.reader = self.writer = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(
                    "127.0.0.1", self.port
                )
            try:
                return await self._exchange(path)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, path: str) -> tuple[int, dict[str, str], bytes]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "User-Agent: lms-bench\r\nAccept: text/html\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "\r\n"
        )
        self.writer.write(request.encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                body += await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            body = await self.reader.read()
            await self.close()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return int(status_line.split()[1]), headers, body


async def browse(args, urls: dict, ports: list[int]) -> dict:
    languages = args.languages.split(",")
    deadline = time.monotonic() + args.duration
    records: list[tuple[str, int, float, bool]] = []
    order = list(urls.items())

    async def visitor(index: int) -> None:
        language = languages[index % len(languages)]
        cookies = {} if language == "sr" else {"lms_language": language}
        connection = KeepAlive(ports[index % len(ports)], cookies)
        step = index
        try:
            while time.monotonic() < deadline:
                name, path = order[step % len(order)]
                step += 1
                started = time.perf_counter()
                try:
                    status, headers, _body = await asyncio.wait_for(
                        connection.get(path), 60
                    )
                except (OSError, TimeoutError, ValueError) as error:
                    log(f"visitor {index}: {type(error).__name__} {error}")
                    status, headers = 0, {}
                    await connection.close()
                records.append(
                    (
                        name,
                        status,
                        time.perf_counter() - started,
                        headers.get("x-page-cache") == "hit",
                    )
                )
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(visitor(i) for i in range(args.clients)))
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for _name, status, _latency, _hit in records:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return {
        "requests": len(records),
        "requests_per_s": round(len(records) / elapsed, 1),
        "status_counts": dict(sorted(counts.items())),
        "latency_ms": percentiles([r[2] for r in records]),
        "per_page": {
            name: percentiles([r[2] for r in records if r[0] == name]) for name in urls
        },
        "page_cache_hits": sum(1 for r in records if r[3]),
        "wall_s": round(elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="daphne")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--languages", default="sr")
    parser.add_argument("--no-page-cache", action="store_true")
    parser.add_argument("--redis-db", type=int, default=13)
    args = parser.parse_args()
    raise_fd_limit()
    tag = f"browse{os.getpid()}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
        "SECRET_KEY": os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PAGE_CACHE": "0" if args.no_page_cache else "1",
        "PYTHONUNBUFFERED": "1",
    }
    if args.database == "postgres":
        env.update(
            DJANGO_SETTINGS_MODULE="rush_settings",
            REDIS_URL=f"redis://127.0.0.1:6379/{args.redis_db}",
            CHANNEL_LAYER_PREFIX=tag,
            BENCH_CACHE_PREFIX=tag,
            SECURE_SSL_REDIRECT="0",
        )
    else:
        env["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    with tempfile.TemporaryDirectory(prefix="lms-browse-") as tmp:
        env["DATABASE_URL"] = prepare_database(
            args.database, "lms_browse", env, Path(tmp)
        )
        urls = pages(env)
        servers = Servers(args.server, args.processes, env, ROOT / "bench" / "out")
        try:
            ports = servers.start()
            log(f"{args.processes} × {args.server} on {ports}; pages {urls}")
            result = asyncio.run(browse(args, urls, ports))
        finally:
            servers.stop()
        if args.database == "postgres":
            pg_execute(["DROP DATABASE IF EXISTS lms_browse WITH (FORCE)"])
    print(
        json.dumps(
            {
                "benchmark": "browse",
                "server": args.server,
                "database": args.database,
                "processes": args.processes,
                "clients": args.clients,
                "duration_s": args.duration,
                "page_cache": not args.no_page_cache,
                "languages": args.languages,
                **result,
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "versions": versions(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
