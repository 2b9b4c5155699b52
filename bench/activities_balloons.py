"""Anxiety balloons under load: N phones send words to one run over real websockets.

    .venv/bin/python bench/activities_balloons.py --clients 500

What it does, on this machine (loopback only; everything it starts is stopped):

1. A fresh migrated SQLite database (the template of bench/live_quiz.py), a
   trainer, a balloons activity without moderation, its run, and a Django
   session for the trainer (the control's cookie).
2. One daphne process (``lms.asgi``), the in-memory channel layer.
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

from live_quiz import (  # noqa: E402
    PYTHON,
    ROOT,
    Servers,
    load_average,
    log,
    percentiles,
    prepare_database,
    raise_fd_limit,
)

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


async def drive(args, url: str, fixture: dict) -> dict:
    import functools

    import websockets

    connect = functools.partial(
        websockets.connect, compression=None, ping_interval=None, max_size=None
    )
    origin = "http://127.0.0.1"
    headers = {"Cookie": fixture["cookie"]}
    control = await connect(url + "control/", origin=origin, additional_headers=headers)
    await receive_until(control, lambda m: m["type"] == "state")
    screen = await connect(url + f"screen/?kljuc={fixture['key']}", origin=origin)
    await receive_until(screen, lambda m: m["type"] == "board")
    await control.send(json.dumps({"type": "action", "action": "start", "ref": 1}))
    await receive_until(control, lambda m: m["type"] == "done")

    gate = asyncio.Semaphore(args.join_concurrency)
    joins, acks, errors, phones = [], [], [], []
    sent_at: list[float] = []

    async def phone(index: int) -> None:
        async with gate:
            started = time.monotonic()
            ws = await connect(url, origin=origin)
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
    raise_fd_limit()
    tmp = Path(tempfile.mkdtemp(prefix="lms-balloons-bench-"))
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PYTHONPATH"] = os.pathsep.join((str(tmp), str(ROOT)))
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    env["CHANNEL_LAYER"] = "memory"
    servers = Servers()
    load_start = load_average()
    try:
        if args.from_sqlite:
            shutil.copyfile(args.from_sqlite, tmp / "bench.sqlite3")
            env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        else:
            env["DATABASE_URL"] = prepare_database("sqlite", tmp, env)
        (tmp / "lms_bench_settings.py").write_text(
            "from lms.settings.dev import *  # noqa\n"
            "REALTIME_MAX_SOCKETS_PER_ADDRESS = 1_000_000\n"
        )
        env["DJANGO_SETTINGS_MODULE"] = "lms_bench_settings"
        fixture = step(env, "setup", {})
        (port,) = servers.start_daphne(1, env, tmp, None)
        url = f"ws://127.0.0.1:{port}/ws/activity/{fixture['code']}/"
        started = time.time()
        result = asyncio.run(drive(args, url, fixture))
        stats = servers.stats()
        servers.stop()
        result["check"] = step(env, "check", {"run_id": fixture["run_id"]})
        result["server"] = stats
        result["parameters"] = {
            "clients": args.clients,
            "think_s": [0, args.think],
            "join_concurrency": args.join_concurrency,
            "processes": 1,
            "layer": "memory",
            "database": "sqlite",
        }
        result["machine"] = {
            "cores": os.cpu_count(),
            "load_at_start": load_start,
            "load_at_end": load_average(),
        }
        result["duration_s"] = round(time.time() - started, 1)
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        servers.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
