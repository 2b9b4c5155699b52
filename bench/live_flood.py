"""A flood of guests against a live session, and the trainer's control meanwhile.

Run:

    .venv/bin/python bench/live_flood.py --sockets 500
    .venv/bin/python bench/live_flood.py --sockets 500 --database postgres --db-pool 2:4

One daphne process with the platform's default limits (issue 13: 500 guest
sockets from one address made 400 fake participants in 19 s and the trainer's
control took 5.3-12.5 s to connect). All ``--sockets`` sockets come from
127.0.0.1, as fast as the client can open them (``--concurrency`` handshakes
in flight); each waits for ``welcome`` and sends ``join`` with a new nickname.
While they do, the trainer's control and the projector screen connect again
and again (``--probes`` times, every ``--probe-every`` s): connect time =
opening the socket -> the first ``state``. Then the database is counted.

Everything runs on this machine (loopback only), bounded in count and time,
and is stopped at the end. One JSON document goes to stdout.
"""

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import live_quiz as lq  # noqa: E402


async def flood(args, url: str, control_url: str, screen_url: str, cookie: str):
    from websockets.asyncio.client import connect

    origin = "http://127.0.0.1"
    gate = asyncio.Semaphore(args.concurrency)
    outcomes: dict[str, int] = {}
    closes: dict[str, int] = {}
    sockets = []

    def count(table: dict, key) -> None:
        table[str(key)] = table.get(str(key), 0) + 1

    async def guest(number: int) -> None:
        async with gate:
            try:
                ws = await connect(
                    url,
                    origin=origin,
                    compression=None,
                    open_timeout=60,
                    ping_interval=None,
                    close_timeout=2,
                )
                sockets.append(ws)
                await ws.send(
                    json.dumps({"type": "join", "nickname": f"Лажни {number}"})
                )
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 60))
                    if message["type"] == "me":
                        count(outcomes, "joined")
                        return
                    if message["type"] == "error":
                        count(outcomes, message["code"])
                        if message["code"] != "busy":
                            return
            except Exception as error:  # noqa: BLE001 - counted
                code = getattr(getattr(error, "rcvd", None), "code", None)
                if code is not None:
                    count(closes, code)
                else:
                    count(outcomes, type(error).__name__)

    async def probe(kind: str, target: str) -> float | None:
        started = time.time()
        try:
            ws = await connect(
                target,
                origin=origin,
                additional_headers={"Cookie": cookie},
                compression=None,
                open_timeout=60,
                ping_interval=None,
            )
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 60))
                if message["type"] == "state":
                    break
            elapsed = time.time() - started
            await ws.close()
            return elapsed
        except Exception:  # noqa: BLE001 - reported as a failed probe
            return None

    control_times: list[float | None] = []
    screen_times: list[float | None] = []

    async def probes() -> None:
        await asyncio.sleep(args.probe_every / 2)
        for _number in range(args.probes):
            control_times.append(await probe("control", control_url))
            screen_times.append(await probe("screen", screen_url))
            await asyncio.sleep(args.probe_every)

    started = time.time()
    prober = asyncio.ensure_future(probes())
    await asyncio.gather(*(guest(n) for n in range(args.sockets)))
    flood_s = time.time() - started
    await prober
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    return {
        "flood_s": round(flood_s, 2),
        "guest_outcomes": outcomes,
        "closed_with": closes,
        "control_connect_each_ms": [
            None if t is None else round(t * 1000) for t in control_times
        ],
        "screen_connect_each_ms": [
            None if t is None else round(t * 1000) for t in screen_times
        ],
        "control_connect_ms": {
            **lq.percentiles([t for t in control_times if t is not None]),
            "failed": sum(1 for t in control_times if t is None),
        },
        "screen_connect_ms": {
            **lq.percentiles([t for t in screen_times if t is not None]),
            "failed": sum(1 for t in screen_times if t is None),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sockets", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--probes", type=int, default=10)
    parser.add_argument("--probe-every", type=float, default=0.5)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--db-pool", default=None, help="MIN:MAX (PostgreSQL)")
    parser.add_argument(
        "--backlog", type=int, default=None, help="daphne's listen backlog (50)"
    )
    args = parser.parse_args()
    lq.raise_fd_limit()

    tmp = Path(tempfile.mkdtemp(prefix="lms-live-flood-"))
    servers = lq.Servers()
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(tmp), str(lq.ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    env["CHANNEL_LAYER"] = "memory"
    load_start = lq.load_average()
    try:
        env["DATABASE_URL"] = lq.prepare_database(args.database, tmp, env)
        # The platform's own limits: nothing is raised for the flood.
        lines = ["from lms.settings.dev import *  # noqa", ""]
        if args.db_pool:
            low, high = (int(v) for v in args.db_pool.split(":"))
            lines += [
                'DATABASES["default"]["CONN_MAX_AGE"] = 0',
                'DATABASES["default"].setdefault("OPTIONS", {})["pool"] = '
                f'{{"min_size": {low}, "max_size": {high}, "timeout": 10}}',
            ]
        (tmp / "lms_flood_settings.py").write_text("\n".join(lines) + "\n")
        env["DJANGO_SETTINGS_MODULE"] = "lms_flood_settings"
        fixture = lq.django_step(env, "setup", {"questions": 1})
        (port,) = servers.start_daphne(1, env, tmp, None, backlog=args.backlog)
        base = f"ws://127.0.0.1:{port}/ws/live/{fixture['code']}/"
        cookie = f"{fixture['cookie_name']}={fixture['sessionid']}"
        lq.log(f"flooding with {args.sockets} guest sockets from 127.0.0.1")
        result = asyncio.run(
            flood(args, base, base + "control/", base + "screen/", cookie)
        )
        stats = servers.stats()
        servers.stop()
        check = lq.django_step(env, "check", {"session_id": fixture["session_id"]})
        sys.path.insert(0, str(lq.ROOT))
        from lms.settings import base as platform

        output = {
            "sockets": args.sockets,
            "from_one_address": True,
            "database": args.database,
            "db_pool": args.db_pool,
            "daphne_backlog": args.backlog or 50,
            "limits": {
                name: getattr(platform, name)
                for name in (
                    "REALTIME_MAX_SOCKETS_PER_ADDRESS",
                    "LIVE_GUEST_JOINS_PER_ADDRESS",
                    "LIVE_GUEST_JOIN_RATE_PER_ADDRESS",
                    "LIVE_MAX_GUESTS_PER_SESSION",
                )
            },
            **result,
            "participants_in_db": check["participants"],
            "server": stats,
            "machine": {
                "cores": os.cpu_count(),
                "load_at_start": load_start,
                "load_at_end": lq.load_average(),
            },
        }
        json.dump(output, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    finally:
        servers.stop()
        lq.drop_database(args.database)
        with contextlib.suppress(Exception):
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
