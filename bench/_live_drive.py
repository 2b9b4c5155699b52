"""bench/live_quiz.py's run: the trainer's control and projector (in the
parent), the client processes, and the loop over the questions."""

import asyncio
import contextlib
import json
import math
import os
import time
from pathlib import Path

from _servers import PYTHON, log, proc_stats

SCRIPT = str(Path(__file__).with_name("live_quiz.py"))


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
                SCRIPT,
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
