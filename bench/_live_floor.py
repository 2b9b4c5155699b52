"""bench/live_quiz.py's floor: a bare ``websockets`` server that speaks just
enough of the protocol, to compare the platform's fan-out with."""

import asyncio
import json
import sys

from _servers import raise_fd_limit


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
