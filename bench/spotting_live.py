"""A live video spotting run with many phones: joins, marks, the projector's timeline.

One Daphne process (dev settings, in-memory channel layer) on a SQLite copy of
a migrated database with the exercises' demo; one projector socket (a trainer's
session) plays the video; N phones join with their own key, each sends
``--marks`` marks spread over ``--spread`` seconds, then the trainer reveals
the group's marks. Prints JSON: join times, mark acknowledgement latencies,
how many timeline refreshes the projector got (throttled by the hub), how long
until the projector counted every mark, the size and render time of the
revealed timeline, and the marks stored.

    .venv/bin/python bench/spotting_live.py --phones 500 [--copy-database db.sqlite3]
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": at(1.0)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 180) -> None:
    """Until the server answers (a loaded machine starts Django slowly)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("the server did not start")


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=1200
    )


def role_setup() -> None:
    """In a subprocess: the demo exercise, a trainer's session, an open run."""
    import io

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

    from exercises import demo, services
    from exercises.models import ExercisePage
    from exercises.spotting import grading
    from lms.models import HomePage
    from lms.roles import TRAINER, roles_sync

    if not HomePage.objects.exists():
        from lms.demo import _home_page

        _home_page()
    demo.load_demo(io.StringIO())
    page = ExercisePage.objects.get(slug="indikatori-na-snimku")
    user = get_user_model().objects.create_user(
        email=f"bench-{uuid.uuid4().hex[:6]}@example.org", password=uuid.uuid4().hex
    )
    group = Group.objects.filter(name=TRAINER).first() or roles_sync()[TRAINER]
    user.groups.add(group)
    run = services.exercise_run_open(page=page, block_id=page.body[0].id, user=user)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    offered = [i.pk for i in grading.offered_indicators(page.body[0].value)]
    print(
        json.dumps(
            {
                "code": run.code,
                "run_id": run.pk,
                "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
                "offered": offered,
            }
        )
    )


def role_check(run_id: int) -> None:
    import django

    django.setup()
    from exercises.models import SpottingMark

    marks = SpottingMark.objects.filter(run_id=run_id)
    print(
        json.dumps(
            {
                "stored": marks.count(),
                "phones": marks.values("phone").distinct().count(),
            }
        )
    )


def step(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [PYTHON, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


async def drive(args, port: int, fixture: dict) -> dict:
    from websockets.asyncio.client import connect

    origin = f"http://127.0.0.1:{port}"
    base = f"ws://127.0.0.1:{port}/ws/spotting/{fixture['code']}/"
    screen = await connect(
        base + "screen/",
        origin=origin,
        additional_headers={"Cookie": fixture["cookie"]},
        max_size=None,
    )
    timeline = {"messages": 0, "counts": [], "all_counted_at": None, "html": None}
    expected = args.phones * args.marks

    async def watch() -> None:
        async for raw in screen:
            message = json.loads(raw)
            if message["type"] != "timeline":
                continue
            timeline["messages"] += 1
            timeline["counts"].append(message["count"])
            if message["count"] >= expected and timeline["all_counted_at"] is None:
                timeline["all_counted_at"] = time.monotonic()
            if message["html"]:
                timeline["html"] = (time.monotonic(), len(message["html"]))

    watcher = asyncio.ensure_future(watch())
    joins, acks, errors = [], [], []
    sockets = []

    async def join(index: int) -> None:
        started = time.monotonic()
        socket = await connect(
            base + f"?phone={uuid.uuid4().hex}", origin=origin, open_timeout=60
        )
        while json.loads(await socket.recv())["type"] != "mine":
            pass
        joins.append(time.monotonic() - started)
        sockets.append(socket)

    started = time.monotonic()
    for offset in range(0, args.phones, 50):  # connect in waves of 50
        await asyncio.gather(
            *(join(i) for i in range(offset, min(args.phones, offset + 50)))
        )
    join_all = time.monotonic() - started
    log(f"{len(sockets)} phones joined in {join_all:.1f} s")

    await screen.send(json.dumps({"type": "playback", "playing": True, "position": 0}))
    await asyncio.sleep(1)

    async def marks(socket) -> None:
        for _ in range(args.marks):
            await asyncio.sleep(random.uniform(0, args.spread / args.marks))
            sent = time.monotonic()
            indicator = random.choice(fixture["offered"])
            await socket.send(json.dumps({"type": "mark", "indicator": indicator}))
            while True:
                message = json.loads(await socket.recv())
                if message["type"] == "marked":
                    acks.append(time.monotonic() - sent)
                    break
                if message["type"] == "error":
                    errors.append(message["code"])
                    break

    marking = time.monotonic()
    await asyncio.gather(*(marks(s) for s in sockets))
    marking_done = time.monotonic()
    deadline = time.monotonic() + 30
    while timeline["all_counted_at"] is None and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    revealed = time.monotonic()
    await screen.send(json.dumps({"type": "reveal", "revealed": True}))
    while timeline["html"] is None and time.monotonic() < revealed + 30:
        await asyncio.sleep(0.05)
    result = {
        "join_all_s": round(join_all, 2),
        "join": percentiles(joins),
        "mark_ack": percentiles(acks),
        "marks_acknowledged": len(acks),
        "mark_errors": errors[:10],
        "marking_window_s": round(marking_done - marking, 2),
        "timeline_refreshes": timeline["messages"],
        "projector_counted_all_after_last_mark_s": (
            round(timeline["all_counted_at"] - marking_done, 2)
            if timeline["all_counted_at"]
            else None
        ),
        "reveal_to_timeline_ms": (
            round((timeline["html"][0] - revealed) * 1000, 1)
            if timeline["html"]
            else None
        ),
        "timeline_html_bytes": timeline["html"][1] if timeline["html"] else None,
    }
    watcher.cancel()
    for phone_socket in [*sockets, screen]:
        await phone_socket.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--marks", type=int, default=3)
    parser.add_argument("--spread", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--copy-database",
        default="",
        help="a migrated SQLite file to copy instead of migrating a new one",
    )
    parser.add_argument("--_role", default="")
    parser.add_argument("--_run", type=int, default=0)
    args = parser.parse_args()
    if args._role == "setup":
        return role_setup()
    if args._role == "check":
        return role_check(args._run)

    tmp = Path(tempfile.mkdtemp(prefix="spotting-bench-"))
    (tmp / "spotting_bench_settings.py").write_text(
        "from lms.settings.dev import *  # noqa\n"
        "REALTIME_MAX_SOCKETS_PER_ADDRESS = 1_000_000\n"
        f'MEDIA_ROOT = r"{tmp / "media"}"\n'
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "spotting_bench_settings",
        "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}",
        "CHANNEL_LAYER": "memory",
    }
    if args.copy_database:
        shutil.copyfile(args.copy_database, tmp / "bench.sqlite3")
    else:
        log("migrating a fresh SQLite database")
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "createcachetable")
    fixture = step(env, "--_role", "setup")
    port = args.port or free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "lms.asgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port)
        result = asyncio.run(drive(args, port, fixture))
        result["stored"] = step(
            env, "--_role", "check", "--_run", str(fixture["run_id"])
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    result.update(
        phones=args.phones,
        marks_per_phone=args.marks,
        spread_s=args.spread,
        load_average=os.getloadavg(),
        cpus=os.cpu_count(),
        database="sqlite",
        layer="memory",
        processes=1,
    )
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
