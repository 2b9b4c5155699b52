"""bench/live_quiz.py's simulated phones: one client process holds many.

Each phone connects, joins with a nickname, answers every open question after
a think time, and stamps what it receives; events and the final report go to
stdout as JSON lines for the parent (``_live_drive.ClientProcs``).
"""

import asyncio
import json
import random
import sys
import time

from _servers import raise_fd_limit

NICK = "Телефон"  # Cyrillic nicknames, as in the room


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
