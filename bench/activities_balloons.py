"""Anxiety balloons under load: N phones send words to one run over real websockets.

    .venv/bin/python bench/activities_balloons.py --clients 500
    LMS_BENCH_DB=lms_bench_ana .venv/bin/python bench/activities_balloons.py \
        --clients 500 --database postgres --layer redis --processes 2

What it does, on this machine (loopback only; everything it starts is stopped):

1. A fresh migrated database (the templates of bench/live_quiz.py: an SQLite
   file, or the PostgreSQL database ``LMS_BENCH_DB``, dropped at the end), a
   trainer, a balloons activity without moderation, its run, and a Django
   session for the trainer (the control's cookie).
2. P daphne processes (``lms.asgi``; ``--port`` fixes the first port, the
   others follow), the in-memory channel layer or, for P > 1, Redis with a
   prefix of the run's own. Phone i connects straight to process i mod P; the
   control to process 0 and the projector to process P-1, so with P > 1 every
   board and state crosses the channel layer.
3. The control and the projector (with the run's screen key) connect; the
   control sends ``start``. N phones connect (at most ``--join-concurrency``
   handshakes at once), receive ``welcome``, send ``join`` and wait for
   ``state``: the join time.
4. Each phone sends one word after a think time drawn from 0..``--think`` s,
   from a list of 40 words in both scripts and several cases (so grouping
   works), and measures word -> ``ack``. The projector counts the ``board``
   messages it receives (throttled: at most one per ``LIVE_RESULTS_INTERVAL``)
   and the time from the last word sent to the board that shows all N.
5. The control saves the anonymous list and closes the run; the database is
   checked: the saved counts add up to N, and no balloon row is left.
6. One JSON document goes to stdout; progress to stderr.
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _live_fixtures import drop_database, prepare_database  # noqa: E402
from _servers import (  # noqa: E402
    PYTHON,
    ROOT,
    load_average,
    log,
    percentiles,
    raise_fd_limit,
)
from live_quiz import Servers, versions  # noqa: E402

WORDS = [
    "страх", "Strah", "СТРАХ", "срам", "sram", "самоћа", "samoća", "samoca",
    "немоћ", "nemoć", "безнађе", "дуг", "dug", "туга", "tuga", "бес", "стид",
    "збуњеност", "zbunjenost", "неповерење", "кривица", "krivica", "умор",
    "umor", "несигурност", "очај", "oчај", "зебња", "тескоба", "teskoba",
    "где сам", "шта ако", "нико не зна", "nikome ne verujem", "хоћу кући",
    "hoću kući", "паника", "panika", "тишина", "tišina",
]  # fmt: skip


def role_setup() -> dict:
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group

    from activities.models import ActivityContent, ActivityKind
    from activities.services import run_create
    from lms.roles import TRAINER, roles_sync

    user = get_user_model().objects.create_user(
        email=f"bench-{os.urandom(4).hex()}@example.org",
        password=os.urandom(16).hex(),
    )
    group = Group.objects.filter(name=TRAINER).first() or roles_sync()[TRAINER]
    user.groups.add(group)
    content = ActivityContent.objects.create(
        kind=ActivityKind.BALLOONS, title="Балони", prompt="Шта особа осећа?"
    )
    run = run_create(user=user, content=content, moderated=False)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "code": run.code,
        "run_id": run.pk,
        "key": run.screen_key,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
    }


def role_check(run_id: int) -> dict:
    import django

    django.setup()
    from activities.models import Balloon, BalloonTally

    return {
        "balloon_rows_left": Balloon.objects.count(),
        "saved_words": BalloonTally.objects.filter(run_id=run_id).count(),
        "saved_total": sum(
            BalloonTally.objects.filter(run_id=run_id).values_list("count", flat=True)
        ),
    }


def step(env: dict, role: str, payload: dict) -> dict:
    result = subprocess.run(
        [PYTHON, __file__, "--_role", role, "--_payload", json.dumps(payload)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"{role} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


async def receive_until(ws, check, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no matching message")
        message = json.loads(await asyncio.wait_for(ws.recv(), left))
        if check(message):
            return message


async def drive(args, urls: list[str], fixture: dict) -> dict:
    import functools

    import websockets

    connect = functools.partial(
        websockets.connect, compression=None, ping_interval=None, max_size=None
    )
    origin = "http://127.0.0.1"
    headers = {"Cookie": fixture["cookie"]}
    control = await connect(
        urls[0] + "control/", origin=origin, additional_headers=headers
    )
    await receive_until(control, lambda m: m["type"] == "state")
    screen = await connect(urls[-1] + f"screen/?kljuc={fixture['key']}", origin=origin)
    await receive_until(screen, lambda m: m["type"] == "board")
    await control.send(json.dumps({"type": "action", "action": "start", "ref": 1}))
    await receive_until(control, lambda m: m["type"] == "done")

    gate = asyncio.Semaphore(args.join_concurrency)
    joins, acks, errors, phones = [], [], [], []
    sent_at: list[float] = []

    async def phone(index: int) -> None:
        async with gate:
            started = time.monotonic()
            ws = await connect(urls[index % len(urls)], origin=origin)
            await receive_until(ws, lambda m: m["type"] == "welcome")
            await ws.send(json.dumps({"type": "join"}))
            await receive_until(ws, lambda m: m["type"] == "state")
            joins.append(time.monotonic() - started)
        phones.append(ws)
        await joined.wait()
        await asyncio.sleep(random.uniform(0, args.think))
        sent = time.monotonic()
        sent_at.append(time.time())
        await ws.send(json.dumps({"type": "balloon", "text": WORDS[index % 40],
                                  "ref": index}))  # fmt: skip
        reply = await receive_until(ws, lambda m: m.get("ref") == index)
        if reply["type"] == "ack":
            acks.append(time.monotonic() - sent)
        else:
            errors.append(reply.get("code"))

    boards: list[float] = []

    async def watch_screen() -> float:
        while True:
            message = await receive_until(screen, lambda m: m["type"] == "board", 120)
            boards.append(time.time())
            if message.get("total") == args.clients:
                return time.time()

    joined = asyncio.Event()
    join_started = time.monotonic()
    tasks = [asyncio.ensure_future(phone(i)) for i in range(args.clients)]
    while len(joins) < args.clients:
        await asyncio.sleep(0.05)
        failed = [t for t in tasks if t.done() and t.exception()]
        if failed:
            raise failed[0].exception()
    join_all = time.monotonic() - join_started
    log(f"{args.clients} phones joined in {join_all:.1f} s")
    watcher = asyncio.ensure_future(watch_screen())
    words_started = time.time()
    joined.set()
    await asyncio.gather(*tasks)
    complete = await watcher
    await control.send(
        json.dumps({"type": "action", "action": "keep_list", "ref": "k"})
    )
    kept = await receive_until(control, lambda m: m["type"] == "kept")
    await control.send(json.dumps({"type": "action", "action": "close", "ref": "c"}))
    await receive_until(control, lambda m: m["type"] == "done" and m["ref"] == "c")
    for ws in [*phones, control, screen]:
        await ws.close()
    window = complete - words_started
    return {
        "join_all_s": round(join_all, 2),
        "join_ms": percentiles(joins),
        "word_to_ack_ms": percentiles(acks),
        "refused": errors,
        "last_word_to_projector_complete_ms": round(
            (complete - max(sent_at)) * 1000, 1
        ),
        "projector_boards": len(boards),
        "projector_boards_per_s": round(len(boards) / window, 2) if window else None,
        "saved_words": kept["words"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument("--join-concurrency", type=int, default=50)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--layer", choices=("memory", "redis"), default="memory")
    parser.add_argument("--processes", type=int, default=1, help="daphne processes")
    parser.add_argument(
        "--port", type=int, default=None, help="first server port (default: any)"
    )
    parser.add_argument(
        "--from-sqlite",
        default=None,
        help="copy this migrated SQLite database instead of the bench template",
    )
    parser.add_argument("--_role", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--_payload", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._role == "setup":
        print(json.dumps(role_setup()))
        return
    if args._role == "check":
        print(json.dumps(role_check(json.loads(args._payload)["run_id"])))
        return
    if args.processes > 1 and args.layer != "redis":
        raise SystemExit("several processes share a run only over --layer redis")
    if args.from_sqlite and args.database != "sqlite":
        raise SystemExit("--from-sqlite is an SQLite database")
    raise_fd_limit()
    tmp = Path(tempfile.mkdtemp(prefix="lms-balloons-bench-"))
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PYTHONPATH"] = os.pathsep.join((str(tmp), str(ROOT)))
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    env["CHANNEL_LAYER"] = args.layer
    servers = Servers()
    load_start = load_average()
    try:
        if args.from_sqlite:
            shutil.copyfile(args.from_sqlite, tmp / "bench.sqlite3")
            env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        else:
            env["DATABASE_URL"] = prepare_database(args.database, tmp, env)
        lines = [
            "from lms.settings.dev import *  # noqa",
            "REALTIME_MAX_SOCKETS_PER_ADDRESS = 1_000_000",
        ]
        if args.layer == "redis":
            # Others may run live rooms on this Redis: a prefix of the run's own.
            lines.append(
                'CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = '
                f'"balloons{os.getpid()}"'
            )
        (tmp / "lms_bench_settings.py").write_text("\n".join(lines) + "\n")
        env["DJANGO_SETTINGS_MODULE"] = "lms_bench_settings"
        fixture = step(env, "setup", {})
        ports = servers.start_daphne(
            args.processes, env, tmp, None, base_port=args.port
        )
        log(f"daphne on ports {ports}, run {fixture['code']}")
        urls = [f"ws://127.0.0.1:{p}/ws/activity/{fixture['code']}/" for p in ports]
        started = time.time()
        result = asyncio.run(drive(args, urls, fixture))
        stats = servers.stats()
        servers.stop()
        result["check"] = step(env, "check", {"run_id": fixture["run_id"]})
        result["server"] = stats
        result["parameters"] = {
            "clients": args.clients,
            "think_s": [0, args.think],
            "join_concurrency": args.join_concurrency,
            "processes": args.processes,
            "layer": args.layer,
            "database": args.database,
        }
        result["machine"] = {
            "cores": os.cpu_count(),
            "load_at_start": load_start,
            "load_at_end": load_average(),
            "uptime": subprocess.run(
                ["uptime"], capture_output=True, text=True
            ).stdout.strip(),
            "versions": versions(),
        }
        result["duration_s"] = round(time.time() - started, 1)
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        servers.stop()
        drop_database(args.database)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
