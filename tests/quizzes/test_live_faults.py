"""A live session while its channel layer (Redis) is down for a few seconds.

A Redis server of the test's own, on a free port, is stopped and started
again (never the shared one). Two server processes share the session: the
trainer's control on A, the phone on B. The trainer's reveal is saved while
Redis is down: the control gets an ``error`` (``not_delivered``) and its
``done`` instead of a closed socket, and the phone gets the reveal and its
result once the hubs repair the lost broadcast from the database; after
Redis is back, broadcasts flow again.
"""

import asyncio
import shutil
import subprocess
import time

import pytest
import redis

from quizzes.live import services

from .servers import Server, free_port, login_cookie
from .test_live_processes import Client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="redis-server is not installed"
    ),
]


class OwnRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.process = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    server = OwnRedis()
    yield server
    server.stop()


@pytest.fixture
def two_servers_on_own_redis(own_redis):
    env = {
        "REDIS_URL": own_redis.url,
        "CHANNEL_LAYER_PREFIX": f"faults{own_redis.port}",
    }
    servers = [
        Server(layer="redis", extra_env=env),
        Server(layer="redis", extra_env=env),
    ]
    yield servers
    for server in servers:
        server.stop()


def test_a_reveal_saved_while_redis_is_down_reaches_the_phone(
    own_redis, two_servers_on_own_redis, make_question, make_quiz, trainer
):
    quiz = make_quiz(
        [
            make_question("single", options=[("Обмана", True), ("Плата", False)]),
            make_question("single", options=[("Да", True), ("Не", False)]),
        ]
    )
    session = services.session_create(user=trainer, title="Пад", quiz=quiz).session
    cookie = login_cookie(trainer)
    process_a, process_b = two_servers_on_own_redis

    async def scenario():
        control = await Client.connect(
            f"{process_a.ws}/ws/live/{session.code}/control/", cookie
        )
        await control.wait_for("state")
        phone = await Client.connect(f"{process_b.ws}/ws/live/{session.code}/")
        await phone.wait_for("welcome")
        await phone.send(type="join", nickname="Мила")
        await phone.wait_for("me")
        for ref, action in enumerate(("next", "open"), start=1):
            await control.send(type="action", action=action, ref=ref)
            await control.wait_for("done", ref=ref)
        state = await phone.wait_for("state", phase="open")
        await phone.send(
            type="answer",
            question=state["question"]["id"],
            response={"option": state["question"]["options"][0]["id"]},
            ref="a",
        )
        await phone.wait_for("ack", ref="a")

        own_redis.stop()
        await control.send(type="action", action="reveal", ref="r")
        error = await control.wait_for("error", timeout=30, ref="r")
        done = await control.wait_for("done", timeout=30, ref="r")
        await asyncio.sleep(2)  # down for a while, as in the review (5 s in all)
        own_redis.start()

        revealed = await phone.wait_for("state", timeout=20, phase="revealed")
        result = await phone.wait_for("result", timeout=20)
        # Once Redis is back, the next change crosses it as usual.
        await asyncio.sleep(3)
        await control.send(type="action", action="next", ref="n")
        await control.wait_for("done", timeout=20, ref="n")
        following = await phone.wait_for("state", timeout=20, phase="shown")
        await phone.close()
        await control.close()
        return state, error, done, revealed, result, following

    state, error, done, revealed, result, following = asyncio.run(scenario())
    assert error["code"] == "not_delivered"
    assert done["action"] == "reveal"
    assert revealed["seq"] == state["seq"] + 1
    assert revealed["reveal"]["correct"] == [state["question"]["options"][0]["id"]]
    assert result["correct"] is True and result["score"] == 1
    assert following["question"]["position"] == 2
    session.refresh_from_db()
    assert session.version == following["seq"]
