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
import hashlib
import json
import math
import os
import platform
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DAPHNE = str(Path(PYTHON).with_name("daphne"))
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# Developers sharing one PostgreSQL keep apart with LMS_BENCH_DB (e.g. lms_bench_ana).
PG_DB = os.environ.get("LMS_BENCH_DB", "lms_bench")
PG_TEMPLATE = f"{PG_DB}_template"
TEMPLATE_CACHE = Path(tempfile.gettempdir()) / "lms-bench-cache"
NICK = "Телефон"  # Cyrillic nicknames, as in the room


def log(*parts) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def percentiles(values: list[float]) -> dict:
    """Nearest-rank percentiles in milliseconds (values are in seconds)."""
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    return {
        "count": len(ordered),
        "min": round(ordered[0] * 1000, 1),
        "p50": round(rank(50) * 1000, 1),
        "p95": round(rank(95) * 1000, 1),
        "p99": round(rank(99) * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_average() -> dict:
    one, five, fifteen = os.getloadavg()
    return {"1min": round(one, 2), "5min": round(five, 2), "15min": round(fifteen, 2)}


def proc_stats(pid: int) -> dict:
    """Peak RSS and CPU seconds of a live process, from /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return {}
    fields = {}
    for line in status.splitlines():
        key, _sep, value = line.partition(":")
        fields[key] = value.strip()
    after = stat.rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {
        "peak_rss_mb": round(int(fields.get("VmHWM", "0 kB").split()[0]) / 1024, 1),
        "rss_mb": round(int(fields.get("VmRSS", "0 kB").split()[0]) / 1024, 1),
        "cpu_s": round((int(after[11]) + int(after[12])) / ticks, 2),
    }


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


# --- Database and fixtures -------------------------------------------------------


def migrations_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for name in ("Django", "wagtail", "django-allauth", "django-tasks-db"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


def manage(env: dict, *args: str, timeout: float = 600) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def migrate(env: dict) -> None:
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "createcachetable")
    log(f"migrated in {time.monotonic() - started:.1f} s")


def pg_execute(statements: list[str], url: str = PG_ADMIN_URL) -> list:
    import psycopg

    rows = []
    with psycopg.connect(
        url.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        for statement in statements:
            cursor = conn.execute(statement)
            if cursor.description:
                rows.extend(cursor.fetchall())
    return rows


def prepare_database(kind: str, tmp: Path, base_env: dict) -> str:
    """A migrated, empty database; returns its DATABASE_URL."""
    key = migrations_hash()
    if kind == "sqlite":
        target = tmp / "bench.sqlite3"
        TEMPLATE_CACHE.mkdir(exist_ok=True)
        template = TEMPLATE_CACHE / f"template-{key}.sqlite3"
        if not template.exists():
            log("migrating a template SQLite database (kept for later runs)")
            building = TEMPLATE_CACHE / f"building-{os.getpid()}.sqlite3"
            migrate({**base_env, "DATABASE_URL": f"sqlite:///{building}"})
            building.replace(template)
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    url = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    comment = pg_execute(
        [
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            f"WHERE datname = '{PG_TEMPLATE}'"
        ]
    )
    if not comment or comment[0][0] != key:
        log("migrating the PostgreSQL template database (kept for later runs)")
        pg_execute(
            [
                f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)",
                f"CREATE DATABASE {PG_TEMPLATE}",
            ]
        )
        migrate(
            {**base_env, "DATABASE_URL": url.replace(f"/{PG_DB}", f"/{PG_TEMPLATE}")}
        )
        pg_execute([f"COMMENT ON DATABASE {PG_TEMPLATE} IS '{key}'"])
    pg_execute(
        [
            f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)",
            f"CREATE DATABASE {PG_DB} TEMPLATE {PG_TEMPLATE}",
        ]
    )
    return url


def drop_database(kind: str) -> None:
    if kind == "postgres":
        with contextlib.suppress(Exception):
            pg_execute([f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"])


def django_step(env: dict, role: str, payload: dict) -> dict:
    """Run a small Django step (setup or check) in a subprocess; returns its JSON."""
    result = subprocess.run(
        [PYTHON, __file__, "--_role", role, "--_payload", json.dumps(payload)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"{role} step failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def role_setup(payload: dict) -> dict:
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

    from lms.roles import TRAINER, roles_sync
    from quizzes.live.services import question_add, session_create

    user = get_user_model().objects.create_user(
        email="bench-trainer@example.org", password=os.urandom(16).hex()
    )
    group = Group.objects.filter(name=TRAINER).first() or roles_sync()[TRAINER]
    user.groups.add(group)
    session = session_create(user=user, title="Бенчмарк", allow_guests=True).session
    for number in range(1, payload["questions"] + 1):
        question_add(
            session=session,
            kind="single",
            text=f"Питање {number}: која тврдња о трговини људима је тачна?",
            options=[f"Одговор {letter}" for letter in "АБВГ"],
            correct=[1],
            points=1,
        )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "code": session.code,
        "session_id": session.pk,
        "sessionid": store.session_key,
        "cookie_name": settings.SESSION_COOKIE_NAME,
    }


def role_check(payload: dict) -> dict:
    import django

    django.setup()
    from django.db.models import Count

    from quizzes.models import LiveAnswer, LiveParticipant

    answers = LiveAnswer.objects.filter(question__session_id=payload["session_id"])
    doubled = (
        answers.values("question_id", "participant_id")
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)
        .count()
    )
    per_question = dict(
        answers.values("question__position")
        .annotate(rows=Count("id"))
        .values_list("question__position", "rows")
    )
    return {
        "stored": answers.count(),
        "doubled": doubled,
        "participants": LiveParticipant.objects.filter(
            session_id=payload["session_id"]
        ).count(),
        "stored_per_question": [per_question.get(i) for i in sorted(per_question)],
    }


# --- The simulated phones (client processes) -------------------------------------


def role_client(payload: dict) -> None:
    """K of these share the phones; events and the final report go to stdout."""
    raise_fd_limit()
    asyncio.run(_client_main(payload))


def _emit(event: dict) -> None:
    sys.stdout.write(json.dumps(event, separators=(",", ":")) + "\n")
    sys.stdout.flush()


async def _client_main(payload: dict) -> None:
    from websockets.asyncio.client import connect

    phones = payload["phones"]  # [[index, url], ...]
    think = payload["think"]
    origin = payload["origin"]
    rng = random.Random(payload["seed"])
    gate = asyncio.Semaphore(payload["join_concurrency"])
    joined: list = []
    failures: list[str] = []
    opened: dict[int, list[float]] = {}  # question -> receive times
    phase_counts: dict[tuple, int] = {}
    acks: list[float] = []
    acks_by_question: dict[int, list[float]] = {}
    ack_counts: dict[int, int] = {}
    results: dict[int, int] = {}
    errors: dict[str, int] = {}
    sent = 0
    sockets = []
    answer_tasks = set()
    closed_early = 0
    fallback = payload.get("fallback")
    tokens: dict[int, str] = {}
    urls_of: dict[int, str] = {}
    rejoin_times: list[float] = []
    rejoin_failures: list[str] = []
    stopping = False
    listeners = []

    def count_phase(question, phase) -> None:
        key = (question, phase)
        phase_counts[key] = phase_counts.get(key, 0) + 1
        if phase_counts[key] == len(joined):
            _emit({"ev": "phase", "q": question, "phase": phase})

    async def answer(ws, question: dict, pending: dict) -> None:
        nonlocal sent
        if think:
            await asyncio.sleep(rng.uniform(0, think))
        option = rng.choice(question["options"])["id"]
        ref = f"a{question['id']}"
        pending[ref] = time.time()
        sent += 1
        await ws.send(
            json.dumps(
                {
                    "type": "answer",
                    "question": question["id"],
                    "response": {"option": option},
                    "ref": ref,
                }
            )
        )

    async def rejoin(index: int) -> None:
        """The phone's process died: back on ``fallback`` with its token."""
        dropped = time.time()
        deadline = dropped + 60
        while not stopping and time.time() < deadline:
            try:
                ws = await connect(
                    fallback,
                    origin=origin,
                    compression=None,
                    open_timeout=30,
                    ping_interval=None,
                    close_timeout=5,
                    max_queue=None,
                )
                json.loads(await asyncio.wait_for(ws.recv(), 30))  # welcome
                await ws.send(json.dumps({"type": "join", "token": tokens[index]}))
                last_state = None
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 30))
                    if message.get("type") == "state":
                        last_state = message  # the snapshot, before ``me``
                    if message.get("type") == "me":
                        break
                    if message.get("type") == "error":
                        raise RuntimeError(f"rejoin refused: {message.get('code')}")
            except Exception as error:  # noqa: BLE001 - retried, then reported
                rejoin_failures.append(f"{type(error).__name__}: {error}"[:200])
                await asyncio.sleep(rng.uniform(0.2, 1.0))
                continue
            rejoin_times.append(time.time() - dropped)
            urls_of[index] = fallback
            sockets.append(ws)
            _emit({"ev": "rejoined", "score": message.get("score")})
            listeners.append(asyncio.ensure_future(listen(ws, index, last_state)))
            return

    async def listen(ws, index: int = -1, first_state: dict | None = None) -> None:
        nonlocal closed_early
        pending: dict[str, float] = {}
        seen_open: set[int] = set()
        if first_state is not None:  # a rejoined phone: where the session is
            question = first_state.get("question") or {}
            if first_state.get("phase") == "open":
                seen_open.add(question.get("id"))
                task = asyncio.ensure_future(answer(ws, question, pending))
                answer_tasks.add(task)
                task.add_done_callback(answer_tasks.discard)
            count_phase(question.get("id"), first_state.get("phase"))
        try:
            async for raw in ws:
                now = time.time()
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "state":
                    question = message.get("question") or {}
                    qid = question.get("id")
                    phase = message.get("phase")
                    if phase == "open" and qid not in seen_open:
                        seen_open.add(qid)
                        opened.setdefault(qid, []).append(now)
                        task = asyncio.ensure_future(answer(ws, question, pending))
                        answer_tasks.add(task)
                        task.add_done_callback(answer_tasks.discard)
                    count_phase(qid, phase)
                elif kind == "ack":
                    started = pending.pop(message.get("ref"), None)
                    if started is not None:
                        acks.append(now - started)
                        qid = message.get("question")
                        acks_by_question.setdefault(qid, []).append(now - started)
                        ack_counts[qid] = ack_counts.get(qid, 0) + 1
                        if ack_counts[qid] == len(joined):
                            _emit({"ev": "acked", "q": qid})
                elif kind == "result":
                    qid = message.get("question")
                    results[qid] = results.get(qid, 0) + 1
                    if results[qid] == len(joined):
                        _emit({"ev": "result", "q": qid})
                elif kind == "error":
                    code = message.get("code", "?")
                    errors[code] = errors.get(code, 0) + 1
                    ref = message.get("ref")
                    if ref in pending:
                        pending.pop(ref)
                        _emit({"ev": "answer_error", "code": code})
        except Exception as error:  # noqa: BLE001 - any drop is counted
            closed_early += 1
            errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
        if fallback and not stopping and urls_of.get(index) != fallback:
            await rejoin(index)

    async def phone(index: int, url: str) -> None:
        async with gate:
            started = time.time()
            try:
                ws = await connect(
                    url,
                    origin=origin,
                    compression=None,
                    open_timeout=60,
                    ping_interval=None,
                    close_timeout=5,
                    max_queue=None,
                )
                welcome = json.loads(await asyncio.wait_for(ws.recv(), 30))
                if welcome.get("type") != "welcome":
                    raise RuntimeError(f"expected welcome, got {welcome.get('type')}")
                await ws.send(
                    json.dumps(
                        {"type": "join", "nickname": f"{NICK} {index}", "token": ""}
                    )
                )
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 60))
                    if message.get("type") == "me":
                        tokens[index] = message.get("token", "")
                        break
                    if message.get("type") == "error":
                        raise RuntimeError(f"join refused: {message.get('code')}")
            except Exception as error:  # noqa: BLE001 - reported, not fatal
                failures.append(f"{type(error).__name__}: {error}"[:200])
                return
            joined.append(time.time() - started)
            urls_of[index] = url
            sockets.append((index, ws))

    started = time.time()
    await asyncio.gather(*(phone(index, url) for index, url in phones))
    listeners.extend(asyncio.ensure_future(listen(ws, index)) for index, ws in sockets)
    sockets[:] = [ws for _index, ws in sockets]
    _emit(
        {
            "ev": "joined",
            "joined": len(joined),
            "failed": len(failures),
            "seconds": time.time() - started,
            "failures": failures[:5],
        }
    )
    # Wait for the parent's word to stop (a line on stdin), or its end.
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)
    stopping = True
    _emit(
        {
            "ev": "report",
            "join": joined,
            "join_failures": failures,
            "opened": {str(k): v for k, v in opened.items()},
            "acks": acks,
            "acks_by_question": {str(k): v for k, v in acks_by_question.items()},
            "answers_sent": sent,
            "acked": len(acks),
            "results": {str(k): v for k, v in results.items()},
            "errors": errors,
            "closed_early": closed_early,
            "rejoin": rejoin_times,
            "rejoin_failures": rejoin_failures[:5],
            "rejoin_failure_count": len(rejoin_failures),
        }
    )
    for task in list(answer_tasks):
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    for task in list(listeners):
        task.cancel()


# --- The floor: a bare websockets server ------------------------------------------


def role_floor_server(payload: dict) -> None:
    raise_fd_limit()
    asyncio.run(_floor_main(payload))


async def _floor_main(payload: dict) -> None:
    from websockets import broadcast
    from websockets.asyncio.server import serve

    total = payload["questions"]
    phones = set()
    state = {"version": 0, "phase": "lobby", "position": 0}

    def state_text() -> str:
        position = state["position"]
        message = {
            "type": "state",
            "version": state["version"],
            "phase": state["phase"],
            "question": (
                {
                    "id": position,
                    "position": position,
                    "total": total,
                    "kind": "single",
                    "text": f"Питање {position}",
                    "options": [
                        {"id": i, "text": f"Одговор {i}"} for i in (1, 2, 3, 4)
                    ],
                }
                if position
                else None
            ),
        }
        return json.dumps(message, ensure_ascii=False, separators=(",", ":"))

    async def handler(ws) -> None:
        path = ws.request.path
        if path.endswith("/control/"):
            await ws.send(state_text())
            async for raw in ws:
                message = json.loads(raw)
                action = message.get("action")
                if action == "next":
                    state["position"] += 1
                    state["phase"] = "shown"
                elif action in ("open", "close", "finish"):
                    state["phase"] = {"open": "open", "close": "closed"}.get(
                        action, "finished"
                    )
                elif action == "reveal":
                    state["phase"] = "revealed"
                state["version"] += 1
                text = state_text()
                broadcast(phones, text)
                await ws.send(text)
                if action == "reveal":
                    for phone in list(phones):
                        result = {
                            "type": "result",
                            "question": state["position"],
                            "answered": True,
                            "id": id(phone) % 100000,
                        }
                        broadcast([phone], json.dumps(result))
                await ws.send(
                    json.dumps(
                        {"type": "done", "ref": message.get("ref"), "action": action}
                    )
                )
            return
        await ws.send(json.dumps({"type": "welcome", "session": {"code": "FLOOR"}}))
        try:
            async for raw in ws:
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "join":
                    phones.add(ws)
                    await ws.send(state_text())
                    await ws.send(
                        json.dumps(
                            {
                                "type": "me",
                                "participant": {"nickname": message.get("nickname")},
                            }
                        )
                    )
                elif kind == "answer":
                    await ws.send(
                        json.dumps(
                            {
                                "type": "ack",
                                "ref": message.get("ref"),
                                "question": message.get("question"),
                                "response": message.get("response"),
                            }
                        )
                    )
        finally:
            phones.discard(ws)

    async with serve(
        handler,
        "127.0.0.1",
        payload["port"],
        compression=None,
        ping_interval=None,
        max_queue=None,
        backlog=1024,
    ):
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


# --- Trainer control and projector screen (in the parent) -------------------------


class StaffSocket:
    """The control or the screen: keeps the latest state and every results message."""

    def __init__(self, ws, name: str) -> None:
        self.ws = ws
        self.name = name
        self.state: dict = {}
        self.results: list[tuple[float, int, int]] = []
        self.waiters: dict[str, asyncio.Future] = {}
        self.changed = asyncio.Event()
        self.errors: list[dict] = []
        self.task = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(Exception):
            async for raw in self.ws:
                now = time.time()
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "state":
                    self.state = message
                elif kind == "results":
                    self.results.append(
                        (now, message.get("question"), message.get("answers", 0))
                    )
                elif kind in ("done", "error"):
                    if kind == "error":
                        self.errors.append(message)
                    future = self.waiters.pop(str(message.get("ref")), None)
                    if future and not future.done():
                        future.set_result(message)
                self.changed.set()
        # The server closed the socket: whoever waits for a reply is told now.
        for future in self.waiters.values():
            if not future.done():
                future.set_exception(RuntimeError(f"{self.name} socket closed"))

    async def action(self, action: str, timeout: float = 60) -> dict:
        ref = f"{action}-{time.monotonic_ns()}"
        future = asyncio.get_running_loop().create_future()
        self.waiters[ref] = future
        await self.ws.send(
            json.dumps({"type": "action", "action": action, "data": {}, "ref": ref})
        )
        reply = await asyncio.wait_for(future, timeout)
        if reply.get("type") != "done":
            raise RuntimeError(f"{action} refused: {reply}")
        return reply

    async def wait(self, predicate, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)
        return True


class ClientProcs:
    """The K client processes and the events they report."""

    def __init__(self) -> None:
        self.procs: list[asyncio.subprocess.Process] = []
        self.events: list[dict] = []
        self.reports: list[dict] = []
        self.changed = asyncio.Event()
        self.readers: list[asyncio.Task] = []
        self.pids: list[int] = []

    async def start(self, payloads: list[dict], env: dict) -> None:
        for payload in payloads:
            proc = await asyncio.create_subprocess_exec(
                PYTHON,
                __file__,
                "--_role",
                "client",
                "--_payload",
                json.dumps(payload),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                env=env,
                limit=2**28,
            )
            self.procs.append(proc)
            self.pids.append(proc.pid)
            self.readers.append(asyncio.ensure_future(self._read(proc)))

    async def _read(self, proc) -> None:
        while True:
            line = await proc.stdout.readline()
            if not line:
                break
            event = json.loads(line)
            if event["ev"] == "report":
                self.reports.append(event)
            else:
                self.events.append(event)
            self.changed.set()

    def count(self, **match) -> int:
        return sum(
            1 for e in self.events if all(e.get(k) == v for k, v in match.items())
        )

    async def wait_all(self, timeout: float, **match) -> bool:
        """Until every client process reported the event (or the time is up)."""
        deadline = time.monotonic() + timeout
        while self.count(**match) < len(self.procs):
            if any(p.returncode is not None for p in self.procs):
                raise RuntimeError("a client process ended early")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 1))
        return True

    async def finish(self, timeout: float = 60) -> None:
        for proc in self.procs:
            with contextlib.suppress(Exception):
                proc.stdin.write(b"quit\n")
                await proc.stdin.drain()
        deadline = time.monotonic() + timeout
        while len(self.reports) < len(self.procs) and time.monotonic() < deadline:
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), 1)
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()

    def kill(self) -> None:
        for proc in self.procs:
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()


# --- Servers ------------------------------------------------------------------------


class Servers:
    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start_daphne(
        self,
        count: int,
        env: dict,
        tmp: Path,
        profile: str | None,
        backlog: int | None = None,
    ):
        ports = []
        for index in range(count):
            port = free_port()
            log_path = tmp / f"daphne-{index}.log"
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
            handle = open(log_path, "wb")  # noqa: SIM115 - closed with the process
            self.procs.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=handle,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
            )
            handle.close()
            self.logs.append(log_path)
            ports.append(port)
        for index, port in enumerate(ports):
            self._wait_listening(index, port)
        return ports

    def start_floor(self, env: dict, tmp: Path, questions: int) -> int:
        port = free_port()
        log_path = tmp / "floor.log"
        handle = open(log_path, "wb")  # noqa: SIM115
        payload = json.dumps({"port": port, "questions": questions})
        self.procs.append(
            subprocess.Popen(
                [PYTHON, __file__, "--_role", "floor-server", "--_payload", payload],
                cwd=ROOT,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=subprocess.PIPE,
            )
        )
        handle.close()
        self.logs.append(log_path)
        self._wait_listening(0, port)
        return port

    def _wait_listening(self, index: int, port: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        proc = self.procs[index]
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(
                    f"server {index} exited with {proc.returncode} before listening:\n"
                    + self.logs[index].read_text(errors="replace")[-3000:]
                )
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                return
            time.sleep(0.2)
        raise SystemExit(
            f"server {index} did not listen on {port} within {timeout:.0f} s:\n"
            + self.logs[index].read_text(errors="replace")[-3000:]
        )

    def stats(self) -> list[dict]:
        return [proc_stats(proc.pid) for proc in self.procs]

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(Exception):
                    if proc.stdin:
                        proc.stdin.close()
                proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# --- One run ------------------------------------------------------------------------


def client_payloads(args, urls: list[str], origin: str) -> list[dict]:
    phones = [[i, urls[i % len(urls)]] for i in range(args.clients)]
    k = max(1, min(args.client_procs, args.clients))
    share = math.ceil(args.clients / k)
    per_proc = max(1, args.join_concurrency // k)
    return [
        {
            "phones": phones[j * share : (j + 1) * share],
            "think": args.think,
            "origin": origin,
            "seed": args.seed + j,
            "join_concurrency": per_proc,
            "fallback": urls[0] if getattr(args, "kill_one", False) else None,
        }
        for j in range(k)
        if phones[j * share : (j + 1) * share]
    ]


async def drive(args, urls, control_url, screen_url, cookie, servers, floor) -> dict:
    """Join the phones, play the questions, collect the raw figures."""
    from websockets.asyncio.client import connect

    origin = "http://127.0.0.1"
    headers = {"Cookie": cookie} if cookie else None
    clients = ClientProcs()
    env = dict(os.environ)
    result: dict = {"timeouts": []}
    try:
        control = StaffSocket(
            await connect(
                control_url,
                origin=origin,
                additional_headers=headers,
                compression=None,
                ping_interval=None,
                max_queue=None,
            ),
            "control",
        )
        screen = None
        if screen_url:
            screen = StaffSocket(
                await connect(
                    screen_url,
                    origin=origin,
                    additional_headers=headers,
                    compression=None,
                    ping_interval=None,
                    max_queue=None,
                ),
                "screen",
            )
        if not await control.wait(lambda: control.state, 20):
            raise RuntimeError(f"control got no state (errors: {control.errors})")
        stats_before = servers.stats()

        log(f"joining {args.clients} phones from {args.client_procs} client processes")
        await clients.start(client_payloads(args, urls, origin), env)
        if not await clients.wait_all(args.join_timeout, ev="joined"):
            raise RuntimeError("phones did not finish joining in time")
        joined_events = [e for e in clients.events if e["ev"] == "joined"]
        joined = sum(e["joined"] for e in joined_events)
        result["join_wall_s"] = round(max(e["seconds"] for e in joined_events), 2)
        result["join_failures"] = [f for e in joined_events for f in e["failures"]]
        log(f"joined {joined} of {args.clients} in {result['join_wall_s']} s")
        stats_joined = servers.stats()
        await asyncio.sleep(args.settle)

        t_open: dict[int, float] = {}
        projector: dict[int, float | None] = {}
        control_done: dict[str, list[float]] = {}
        for number in range(1, args.questions + 1):
            previous = control.state.get("question") or {}
            started = time.time()
            await control.action("next")
            control_done.setdefault("next", []).append(time.time() - started)
            if not await control.wait(
                lambda p=previous: (
                    (control.state.get("question") or {}).get("id")
                    not in (None, p.get("id"))
                ),
                20,
            ):
                raise RuntimeError("control never saw the next question")
            qid = control.state["question"]["id"]
            if not await clients.wait_all(30, ev="phase", q=qid, phase="shown"):
                result["timeouts"].append(f"q{number} shown")
            await asyncio.sleep(args.settle)

            t0 = time.time()
            await control.action("open")
            control_done.setdefault("open", []).append(time.time() - t0)
            t_open[qid] = t0
            if not await clients.wait_all(60, ev="phase", q=qid, phase="open"):
                result["timeouts"].append(f"q{number} open")
            if not await clients.wait_all(args.think + 60, ev="acked", q=qid):
                result["timeouts"].append(f"q{number} acks")
            if screen is not None:

                def complete(q=qid) -> bool:
                    return any(
                        question == q and answers >= joined
                        for _t, question, answers in screen.results
                    )

                if await screen.wait(complete, 30):
                    first = min(
                        t
                        for t, question, answers in screen.results
                        if question == qid and answers >= joined
                    )
                    projector[qid] = first - t0
                else:
                    projector[qid] = None
                    result["timeouts"].append(f"q{number} projector")
            await control.action("close")
            await clients.wait_all(30, ev="phase", q=qid, phase="closed")
            started = time.time()
            await control.action("reveal")
            control_done.setdefault("reveal", []).append(time.time() - started)
            if not await clients.wait_all(60, ev="result", q=qid):
                result["timeouts"].append(f"q{number} result")
            result.setdefault("reveal_all_results_ms", []).append(
                round((time.time() - started) * 1000)
            )
            log(f"question {number} done")
            if args.kill_one and number == max(1, args.questions // 2):
                victims = sum(
                    1
                    for i in range(args.clients)
                    if i % args.processes == args.processes - 1
                )
                result["killed_process_phones"] = victims
                result["kill_after_question"] = number
                result["stats_before_kill"] = servers.stats()
                killed_at = time.time()
                servers.procs[-1].kill()
                log(f"killed process {args.processes - 1} ({victims} phones)")

                async def back(victims=victims, killed_at=killed_at) -> None:
                    while clients.count(ev="rejoined") < victims:
                        clients.changed.clear()
                        with contextlib.suppress(asyncio.TimeoutError):
                            await asyncio.wait_for(clients.changed.wait(), 1)
                    result["all_rejoined_s"] = round(time.time() - killed_at, 2)
                    log(f"all {victims} phones back in {result['all_rejoined_s']} s")

                result["_rejoin_task"] = asyncio.ensure_future(back())
        rejoin_task = result.pop("_rejoin_task", None)
        if rejoin_task is not None:
            try:
                await asyncio.wait_for(rejoin_task, 60)
            except TimeoutError:
                result["timeouts"].append("rejoin")
            result["rejoined_scores_nonzero"] = sum(
                1 for e in clients.events if e["ev"] == "rejoined" and e.get("score")
            )
        await control.action("finish")
        await clients.wait_all(30, ev="phase", q=qid, phase="finished")
        stats_end = servers.stats()
        client_stats = [proc_stats(pid) for pid in clients.pids]
        await clients.finish()
        result.update(
            {
                "joined": joined,
                "t_open": t_open,
                "projector": projector,
                "control_done": control_done,
                "reports": clients.reports,
                "stats": (stats_before, stats_joined, stats_end),
                "client_stats": client_stats,
                "control_errors": control.errors,
                "answer_errors": clients.count(ev="answer_error"),
            }
        )
        await control.ws.close()
        if screen is not None:
            await screen.ws.close()
        return result
    finally:
        clients.kill()
        for proc in clients.procs:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(proc.wait(), 10)


def summarise(args, mode: str, raw: dict, check: dict | None, extra: dict) -> dict:
    reports = raw["reports"]
    join = [t for r in reports for t in r["join"]]
    fanout = []
    per_question = []
    missing_open = 0
    for position, (qid, t0) in enumerate(sorted(raw["t_open"].items()), start=1):
        times = [t - t0 for r in reports for t in r["opened"].get(str(qid), [])]
        missing_open += raw["joined"] - len(times)
        fanout.extend(times)
        row = {"question": position, **percentiles(times)}
        if raw["projector"]:
            value = raw["projector"].get(qid)
            row["projector_complete_ms"] = (
                None if value is None else round(value * 1000)
            )
        per_question.append(row)
    acks = [t for r in reports for t in r["acks"]]
    sent = sum(r["answers_sent"] for r in reports)
    acked = sum(r["acked"] for r in reports)
    results_received = sum(sum(r["results"].values()) for r in reports)
    errors: dict[str, int] = {}
    for report in reports:
        for code, count in report["errors"].items():
            errors[code] = errors.get(code, 0) + count
    before, joined_stats, end = raw["stats"]
    servers = []
    for index, (b, j, e) in enumerate(zip(before, joined_stats, end, strict=True)):
        if not e:
            continue
        servers.append(
            {
                "process": index,
                "peak_rss_mb": e["peak_rss_mb"],
                "cpu_s_total": e["cpu_s"],
                "cpu_s_join": round(j["cpu_s"] - b["cpu_s"], 2),
                "cpu_s_questions": round(e["cpu_s"] - j["cpu_s"], 2),
            }
        )
    projector_values = [v for v in raw["projector"].values() if v is not None]
    answers = {"sent": sent, "acked": acked, "errors": raw["answer_errors"]}
    if check is not None:
        answers.update(
            {
                "expected": raw["joined"] * args.questions,
                "stored": check["stored"],
                "lost": sent - check["stored"],
                "acked_not_stored": acked - check["stored"],
                "doubled": check["doubled"],
                "stored_per_question": check["stored_per_question"],
                "participants_in_db": check["participants"],
            }
        )
    kill = None
    if raw.get("killed_process_phones"):
        after = raw["kill_after_question"] + 1
        by_q = {}
        for position, qid in enumerate(sorted(raw["t_open"]), start=1):
            by_q[position] = [
                t
                for r in reports
                for t in r.get("acks_by_question", {}).get(str(qid), [])
            ]
        kill = {
            "killed_process_phones": raw["killed_process_phones"],
            "after_question": raw["kill_after_question"],
            "all_rejoined_s": raw.get("all_rejoined_s"),
            "rejoin_ms": percentiles([t for r in reports for t in r.get("rejoin", [])]),
            "rejoin_failures": sum(r.get("rejoin_failure_count", 0) for r in reports),
            "rejoin_failures_sample": [
                f for r in reports for f in r.get("rejoin_failures", [])
            ][:3],
            "rejoined_with_score": raw.get("rejoined_scores_nonzero"),
            "ack_ms_question_during_rejoin": percentiles(by_q.get(after, [])),
            "ack_ms_question_before_kill": percentiles(by_q.get(after - 1, [])),
        }
    return {
        "mode": mode,
        "kill_one": kill,
        "parameters": extra["parameters"],
        "machine": extra["machine"],
        "join": {
            "phones": args.clients,
            "joined": raw["joined"],
            "failed": len(raw["join_failures"]),
            "failures_sample": raw["join_failures"][:3],
            "all_joined_s": raw["join_wall_s"],
            **percentiles(join),
        },
        "fanout_open_ms": {**percentiles(fanout), "missing": missing_open},
        "fanout_per_question": per_question,
        "ack_ms": percentiles(acks),
        "projector_complete_ms": percentiles(projector_values)
        if raw["projector"]
        else None,
        "reveal_until_all_results_ms": raw.get("reveal_all_results_ms"),
        "results_received": results_received,
        "control_done_ms": {
            action: percentiles(values)
            for action, values in raw["control_done"].items()
        },
        "answers": answers,
        "client_errors": errors,
        "control_errors": raw["control_errors"],
        "timeouts": raw["timeouts"],
        "server_processes": servers,
        "client_processes": raw["client_stats"],
    }


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
