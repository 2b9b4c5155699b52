import json

from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from activities.routing import websocket_urlpatterns

application = URLRouter(websocket_urlpatterns)


class Client:
    """A websocket client that keeps every message it receives."""

    def __init__(self, path: str, user=None, address: str = "10.2.2.2") -> None:
        self.communicator = WebsocketCommunicator(
            application, path, headers=[(b"origin", b"http://testserver")]
        )
        if user is not None:
            self.communicator.scope["user"] = user
        self.communicator.scope["client"] = (address, 50000)
        self.seen: list[dict] = []

    async def connect(self) -> None:
        connected, _subprotocol = await self.communicator.connect()
        assert connected

    async def send(self, **message) -> None:
        await self.communicator.send_to(text_data=json.dumps(message))

    async def send_raw(self, text) -> None:
        if isinstance(text, bytes):
            await self.communicator.send_to(bytes_data=text)
        else:
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

    async def wait_until(self, kind: str, check, timeout: float = 3) -> dict:
        while True:
            message = await self.receive(timeout)
            if message["type"] == kind and check(message):
                return message

    async def close(self) -> None:
        await self.communicator.disconnect()


async def control_for(run, user) -> Client:
    control = Client(f"/ws/activity/{run.code}/control/", user=user)
    await control.connect()
    await control.wait_for("state")
    return control


async def act(control: Client, action: str, **data) -> dict:
    await control.send(type="action", action=action, data=data, ref=action)
    return await control.wait_for("done", ref=action)


async def joined_phone(run, user=None, address="10.2.2.2", **join) -> Client:
    phone = Client(f"/ws/activity/{run.code}/", user=user, address=address)
    await phone.connect()
    await phone.wait_for("welcome")
    await phone.send(type="join", **join)
    await phone.wait_for("state")
    return phone
