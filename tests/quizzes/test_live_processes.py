"""One live session served by two server processes over the real Redis layer.

The trainer's control is on process A, the phone on process B: what the
trainer does must reach the phone, the phone's answer must reach the
trainer's results, and when process B dies the phone reconnects to A with its
score intact (the state is in the database, not in a process).
"""

import asyncio
import json
import os

import pytest
import redis
import websockets

from quizzes.live import services

from .servers import Server, login_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def _redis_available() -> bool:
    try:
        return redis.Redis.from_url(
            os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        ).ping()
    except redis.RedisError:
        return False


if not _redis_available():
    if os.environ.get("LIVE_REQUIRE_REDIS"):
        raise RuntimeError("LIVE_REQUIRE_REDIS is set but Redis does not answer")
    pytestmark = [pytestmark, pytest.mark.skip(reason="Redis is not running")]


class Client:
    def __init__(self, socket) -> None:
        self.socket = socket

    @classmethod
    async def connect(cls, url: str, cookie: str = "") -> "Client":
        headers = {"Origin": "http://127.0.0.1"}
        if cookie:
            headers["Cookie"] = cookie
        socket = await websockets.connect(url, additional_headers=headers)
        return cls(socket)

    async def send(self, **message) -> None:
        await self.socket.send(json.dumps(message))

    async def wait_for(self, kind: str, timeout: float = 10, **fields) -> dict:
        async with asyncio.timeout(timeout):
            while True:
                message = json.loads(await self.socket.recv())
                if message["type"] == kind and all(
                    message.get(key) == value for key, value in fields.items()
                ):
                    return message

    async def close(self) -> None:
        await self.socket.close()


@pytest.fixture
def two_servers():
    servers = [Server(layer="redis"), Server(layer="redis")]
    yield servers
    for server in servers:
        server.stop()


def test_two_processes_serve_one_session(
    two_servers, make_question, make_quiz, trainer
):
    quiz = make_quiz(
        [
            make_question("single", options=[("Обмана", True), ("Плата", False)]),
            make_question("true_false", options=[("Тачно", True), ("Нетачно", False)]),
        ]
    )
    session = services.session_create(
        user=trainer, title="Две инстанце", quiz=quiz
    ).session
    cookie = login_cookie(trainer)
    process_a, process_b = two_servers

    async def scenario():
        control = await Client.connect(
            f"{process_a.ws}/ws/live/{session.code}/control/", cookie
        )
        await control.wait_for("state")
        phone = await Client.connect(f"{process_b.ws}/ws/live/{session.code}/")
        await phone.wait_for("welcome")
        await phone.send(type="join", nickname="Јована")
        me = await phone.wait_for("me")

        await control.send(type="action", action="next", ref=1)
        await control.wait_for("done", ref=1)
        await control.send(type="action", action="open", ref=2)
        await control.wait_for("done", ref=2)
        state = await phone.wait_for("state", phase="open")  # crossed Redis: A → B
        right = state["question"]["options"][0]["id"]
        await phone.send(
            type="answer",
            question=state["question"]["id"],
            response={"option": right},
            ref=3,
        )
        await phone.wait_for("ack", ref=3)
        # B stored the answer and refreshed the results; A's control sees them.
        while (await control.wait_for("results"))["answers"] < 1:
            pass
        await control.send(type="action", action="reveal", ref=4)
        await control.wait_for("done", ref=4)
        result = await phone.wait_for("result")
        await phone.close()
        await control.close()
        return me, result, right

    me, result, right = asyncio.run(scenario())
    assert result["correct"] is True
    assert result["score"] == 1

    # Process B goes away; the phone comes back through A with its token.
    process_b.stop()

    async def reconnect():
        phone = await Client.connect(f"{process_a.ws}/ws/live/{session.code}/")
        await phone.wait_for("welcome")
        await phone.send(type="join", token=me["token"])
        again = await phone.wait_for("me")
        await phone.close()
        return again

    again = asyncio.run(reconnect())
    assert again["participant"]["id"] == me["participant"]["id"]
    assert again["score"] == 1
    assert again["answer"]["response"] == {"option": right}
    assert session.participants.count() == 1
