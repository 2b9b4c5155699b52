"""Live quiz under load: N phones over real websockets against real daphne processes.

Run (websockets is no runtime dependency of the platform: pip install ".[bench]"):

    .venv/bin/pip install websockets==17.4    # once
    .venv/bin/python bench/live_quiz.py --clients 1000 --layer memory --processes 1
    .venv/bin/python bench/live_quiz.py --clients 2000 --layer redis --processes 2 \
        --database postgres
    .venv/bin/python bench/live_quiz.py --clients 1000 --floor  # bare websockets
    .venv/bin/python bench/live_quiz.py --clients 1000 --compare-floor  # and ratio

What it does, all on this machine (loopback only; every loop is bounded in count
and time, and everything it starts is stopped at the end):

1. A fresh database: an SQLite file in a temporary folder, or the PostgreSQL
   database ``lms_bench`` (dropped and created; created from a migrated template
   ``lms_bench_template`` kept between runs and rebuilt when the migrations change).
   A trainer account, a live session of ``--questions`` single-choice questions
   (``session_create`` + ``question_add``) and a Django session for the trainer
   (``SessionStore``) whose key is the ``sessionid`` cookie of control and screen.
2. P daphne processes (``.venv/bin/daphne -b 127.0.0.1 -p PORT lms.asgi:application``),
   each on its own port. No proxy: phone i connects straight to port i mod P. The
   trainer's control connects to process 0 and the projector screen to process
   P-1, so with P > 1 every broadcast reaches the phones of the other process
   through the channel layer (Redis).
3. K client processes (``--client-procs``, default 2) share the N phones; each
   phone connects, waits for ``welcome``, sends ``join`` with a unique nickname
   and counts as joined when ``me`` arrives. At most ``--join-concurrency``
   handshakes are in flight at once (a room fills over seconds, not in one
   millisecond, and daphne listens with Twisted's backlog of 50).
4. For each question the control sends ``next``, then ``open``. The time of
   sending ``open`` (time.time(), same machine) is t0; each phone stamps the
   arrival of ``state`` with phase ``open``: the fan-out latency. Each phone
   then answers a random option after a think time drawn uniformly from
   0..``--think`` seconds (default 2; ``--think 0`` answers at once) and
   measures answer -> ``ack``. The screen measures t0 -> the first ``results``
   with ``answers`` == N ("projector complete"). Then ``close``, ``reveal``
   (every phone must receive its ``result``), and the next question; ``finish``
   at the end.
5. The database is checked: answers stored, lost (acknowledged but not stored),
   doubled (more than one row for a person and question). Each server process's
   peak RSS (VmHWM) and CPU seconds come from /proc (psutil is not needed).
6. One JSON document goes to stdout; progress goes to stderr.

``--floor`` runs the same clients and the same trainer loop against a bare
``websockets`` server (a subprocess on this machine) that speaks just enough of
the protocol: welcome, join -> state + me, answer -> ack, and on the trainer's
action it broadcasts a ~200-byte state with ``websockets.broadcast``.
``--compare-floor`` runs the Django server and then the floor with the same N
and K, and prints both with ``fanout_ratio_vs_floor`` (ratio of the p95s).

``--profile DIR`` runs each daphne under cProfile (``DIR/daphne-<i>.prof``).
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from _live_drive import drive
from _live_fixtures import drop_database, prepare_database, role_check, role_setup
from _live_floor import role_floor_server
from _live_phones import role_client
from _live_summary import summarise
from _servers import (
    PYTHON,
    ROOT,
    Processes,
    free_port,
    load_average,
    log,
    raise_fd_limit,
)
from _servers import django_step as _django_step

DAPHNE = str(Path(PYTHON).with_name("daphne"))


def versions() -> dict:
    found = {"python": platform.python_version()}
    for name in (
        "Django",
        "channels",
        "channels-redis",
        "daphne",
        "Twisted",
        "autobahn",
        "redis",
        "psycopg",
        "websockets",
    ):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def django_step(env: dict, role: str, payload: dict) -> dict:
    """Run a small Django step (setup or check) in a subprocess; returns its JSON."""
    return _django_step(__file__, env, role, payload, timeout=300)


class Servers(Processes):
    """The daphne processes of a run, or the floor server; stopped with SIGINT."""

    def __init__(self) -> None:
        super().__init__(stop_signal=signal.SIGINT)

    def start_daphne(
        self,
        count: int,
        env: dict,
        tmp: Path,
        profile: str | None,
        backlog: int | None = None,
        base_port: int | None = None,
    ):
        ports = []
        for index in range(count):
            port = base_port + index if base_port else free_port()
            command = [DAPHNE, "-b", "127.0.0.1", "-p", str(port)]
            if backlog:  # Twisted listens with a backlog of 50 by default
                command = [
                    DAPHNE,
                    "-e",
                    f"tcp:port={port}:interface=127.0.0.1:backlog={backlog}",
                ]
            command.append("lms.asgi:application")
            if profile:
                Path(profile).mkdir(parents=True, exist_ok=True)
                out = str(Path(profile).resolve() / f"daphne-{index}.prof")
                command = [PYTHON, "-m", "cProfile", "-o", out, *command]
            self.start(command, env, tmp / f"daphne-{index}.log")
            ports.append(port)
        for index, port in enumerate(ports):
            self.wait_listening(index, port)
        return ports

    def start_floor(self, env: dict, tmp: Path, questions: int) -> int:
        port = free_port()
        payload = json.dumps({"port": port, "questions": questions})
        self.start(
            [PYTHON, __file__, "--_role", "floor-server", "--_payload", payload],
            env,
            tmp / "floor.log",
            stdin=subprocess.PIPE,
        )
        self.wait_listening(0, port)
        return port


def run_once(args, mode: str) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="lms-live-bench-"))
    servers = Servers()
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(tmp), str(ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    load_start = load_average()
    started = time.time()
    check = None
    database_url = None
    try:
        if mode == "floor":
            port = servers.start_floor(env, tmp, args.questions)
            urls = [f"ws://127.0.0.1:{port}/ws/live/FLOOR/"]
            control_url = f"ws://127.0.0.1:{port}/ws/live/FLOOR/control/"
            raw = asyncio.run(
                drive(args, urls, control_url, None, None, servers, floor=True)
            )
            settings_note = None
        else:
            env["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
            env["DB_CONN_MAX_AGE"] = str(args.conn_max_age)
            env["CHANNEL_LAYER"] = args.layer
            database_url = prepare_database(args.database, tmp, env)
            env["DATABASE_URL"] = database_url
            # A settings module of the run: the dev settings, a Redis prefix of
            # its own (pub/sub channels are shared by every Redis database
            # number, and others may run live sessions on this Redis) and,
            # if asked, another results interval.
            lines = ["from lms.settings.dev import *  # noqa", ""]
            if args.layer == "redis":
                lines.append(
                    'CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = '
                    f'"bench{os.getpid()}"'
                )
            if args.results_interval is not None:
                lines.append(f"LIVE_RESULTS_INTERVAL = {args.results_interval!r}")
            # Every simulated phone comes from 127.0.0.1: the per-address
            # flood limits would refuse a room this size (bench/live_flood.py
            # measures them).
            lines += [
                "REALTIME_MAX_SOCKETS_PER_ADDRESS = 1_000_000",
                "LIVE_GUEST_JOINS_PER_ADDRESS = 1_000_000",
                "LIVE_MAX_GUESTS_PER_SESSION = 1_000_000",
            ]
            if args.db_pool:
                low, high = (int(v) for v in args.db_pool.split(":"))
                lines += [
                    'DATABASES["default"]["CONN_MAX_AGE"] = 0',
                    'DATABASES["default"].setdefault("OPTIONS", {})["pool"] = '
                    f'{{"min_size": {low}, "max_size": {high}, "timeout": 10}}',
                ]
            (tmp / "lms_bench_settings.py").write_text("\n".join(lines) + "\n")
            env["DJANGO_SETTINGS_MODULE"] = "lms_bench_settings"
            settings_note = lines[2:]
            fixture = django_step(env, "setup", {"questions": args.questions})
            ports = servers.start_daphne(args.processes, env, tmp, args.profile)
            log(f"daphne on ports {ports}, session {fixture['code']}")
            base = "ws://127.0.0.1:{}/ws/live/" + fixture["code"] + "/"
            urls = [base.format(port) for port in ports]
            cookie = f"{fixture['cookie_name']}={fixture['sessionid']}"
            raw = asyncio.run(
                drive(
                    args,
                    urls,
                    urls[0] + "control/",
                    # The screen on the last process, unless that one is killed.
                    (urls[0] if args.kill_one else urls[-1]) + "screen/",
                    cookie,
                    servers,
                    floor=False,
                )
            )
            servers.stop()
            check = django_step(env, "check", {"session_id": fixture["session_id"]})
        extra = {
            "parameters": {
                "clients": args.clients,
                "layer": None if mode == "floor" else args.layer,
                "processes": 1 if mode == "floor" else args.processes,
                "questions": args.questions,
                "database": None if mode == "floor" else args.database,
                "client_procs": args.client_procs,
                "think_s": [0, args.think],
                "join_concurrency": args.join_concurrency,
                "db_conn_max_age": None if mode == "floor" else args.conn_max_age,
                "db_pool": None if mode == "floor" else args.db_pool,
                "kill_one": bool(args.kill_one) and mode != "floor",
                "settings_overrides": settings_note,
                "topology": (
                    "bare websockets server, one process"
                    if mode == "floor"
                    else "no proxy: phone i connects straight to daphne process "
                    "i mod P on its own port; control on process 0, screen on "
                    "process P-1"
                ),
            },
            "machine": {
                "cores": os.cpu_count(),
                "load_at_start": load_start,
                "load_at_end": load_average(),
                "uptime": subprocess.run(
                    ["uptime"], capture_output=True, text=True
                ).stdout.strip(),
                "versions": versions(),
                "fd_limit": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
            },
        }
        summary = summarise(args, mode, raw, check, extra)
        summary["duration_s"] = round(time.time() - started, 1)
        return summary
    except BaseException:
        for path in servers.logs:
            with contextlib.suppress(OSError):
                log(
                    f"--- end of {path.name}:\n"
                    + path.read_text(errors="replace")[-4000:]
                )
        raise
    finally:
        servers.stop()
        if mode != "floor":
            drop_database(args.database)
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=100, help="phones (N)")
    parser.add_argument("--layer", choices=("memory", "redis"), default="memory")
    parser.add_argument("--processes", type=int, default=1, help="daphne processes")
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--client-procs", type=int, default=2)
    parser.add_argument("--think", type=float, default=2.0, help="max think time, s")
    parser.add_argument("--join-concurrency", type=int, default=100)
    parser.add_argument("--join-timeout", type=float, default=300)
    parser.add_argument("--settle", type=float, default=0.3)
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--results-interval", type=float, default=None)
    parser.add_argument(
        "--db-pool",
        default=None,
        help="MIN:MAX: psycopg pool in the run's settings (PostgreSQL; conn age 0)",
    )
    parser.add_argument(
        "--kill-one",
        action="store_true",
        help="after the middle question kill the last process (SIGKILL); its "
        "phones rejoin process 0 with their tokens while the next question runs",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", default=None, help="cProfile output folder")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (server logs)"
    )
    parser.add_argument("--floor", action="store_true")
    parser.add_argument("--compare-floor", action="store_true")
    parser.add_argument("--_role", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--_payload", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args._role:
        payload = json.loads(args._payload)
        if args._role == "setup":
            print(json.dumps(role_setup(payload)))
        elif args._role == "check":
            print(json.dumps(role_check(payload)))
        elif args._role == "client":
            role_client(payload)
        elif args._role == "floor-server":
            role_floor_server(payload)
        return

    try:
        import websockets  # noqa: F401
    except ImportError:
        raise SystemExit(
            "bench/live_quiz.py needs the websockets library: "
            ".venv/bin/pip install websockets==17.4"
        ) from None
    raise_fd_limit()
    if args.processes > 1 and args.layer != "redis":
        raise SystemExit("several processes share a session only over --layer redis")
    if args.floor:
        output = run_once(args, "floor")
    elif args.compare_floor:
        server = run_once(args, "django")
        floor = run_once(args, "floor")
        p95 = server["fanout_open_ms"].get("p95")
        floor_p95 = floor["fanout_open_ms"].get("p95")
        output = {
            "server": server,
            "floor": floor,
            "fanout_ratio_vs_floor": round(p95 / floor_p95, 2)
            if p95 and floor_p95
            else None,
        }
    else:
        output = run_once(args, "django")
    json.dump(output, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
