"""A phone (or a control, a projector) on a live session's websocket, in the test
process: Channels' ``WebsocketCommunicator`` keeping what it receives."""

import json

from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from quizzes.routing import websocket_urlpatterns

application = URLRouter(websocket_urlpatterns)


class Phone:
    """A websocket client that keeps every message it receives, by type."""

    def __init__(
        self, path: str, user=None, cookies: str = "", address: str = "10.1.1.1"
    ) -> None:
        headers = [(b"origin", b"http://testserver")]
        if cookies:
            headers.append((b"cookie", cookies.encode()))
        self.communicator = WebsocketCommunicator(application, path, headers=headers)
        if user is not None:
            self.communicator.scope["user"] = user
        self.communicator.scope["client"] = (address, 50000)
        self.communicator.scope["cookies"] = dict(
            part.strip().split("=", 1) for part in cookies.split(";") if "=" in part
        )
        self.seen: list[dict] = []

    async def connect(self) -> None:
        connected, _subprotocol = await self.communicator.connect()
        assert connected

    async def send(self, **message) -> None:
        await self.communicator.send_to(text_data=json.dumps(message))

    async def send_raw(self, text: str) -> None:
        await self.communicator.send_to(text_data=text)

    async def receive(self, timeout: float = 3) -> dict:
        message = json.loads(await self.communicator.receive_from(timeout=timeout))
        self.seen.append(message)
        return message

    async def wait_for(self, kind: str, timeout: float = 3, **fields) -> dict:
        while True:
            message = await self.receive(timeout)
            if message["type"] == kind and all(
                message.get(k) == v for k, v in fields.items()
            ):
                return message

    async def close(self) -> None:
        await self.communicator.disconnect()


async def control_action(control: Phone, action: str, **data) -> dict:
    await control.send(type="action", action=action, data=data, ref=action)
    return await control.wait_for("done", ref=action)


async def joined_phone(
    code: str, nickname: str, token: str = "", address: str = "10.1.1.1"
) -> tuple[Phone, dict]:
    phone = Phone(f"/ws/live/{code}/", address=address)
    await phone.connect()
    await phone.wait_for("welcome")
    await phone.send(type="join", nickname=nickname, token=token)
    me = await phone.wait_for("me")
    return phone, me
