"""The projector of a live exercise run: results pushed as answers arrive."""

import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from exercises import live
from exercises.models import ExerciseRun
from lms import realtime
from lms.text import to_latin

logger = logging.getLogger(__name__)

CLOSE_NOT_FOUND = 4404
CLOSE_FORBIDDEN = 4403


class RunScreenConsumer(AsyncWebsocketConsumer):
    """Read-only: staff and trainers watch a run's results (never names)."""

    role = "screen"
    participant_id = None

    async def connect(self) -> None:
        self.group = None
        self.script = realtime.script_for(self.scope)
        await self.accept()
        code = str(self.scope["url_route"]["kwargs"]["code"]).lower()
        run = await database_sync_to_async(
            ExerciseRun.objects.filter(code=code).select_related("page").first
        )()
        if run is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        user = self.scope.get("user")
        allowed = await database_sync_to_async(
            lambda: bool(user and user.has_perm("lms.access_staff_area"))
        )()
        if not allowed:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = live.run_group(run.pk)
        await realtime.get_hub().attach(self.group, self)
        message = await database_sync_to_async(live.results_message)(run)
        text = realtime.encode(message)
        if self.script == "lat":
            text = to_latin(text)
        await self.send_text(text)

    async def disconnect(self, code) -> None:
        if self.group:
            await realtime.get_hub().detach(self.group, self)
            self.group = None

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """The screen only listens; a ping keeps proxies from closing it."""
        if text_data and len(text_data) < 200 and '"ping"' in text_data:
            await self.send(text_data='{"type":"pong"}')

    async def send_text(self, text: str) -> None:
        """Called by the hub with text already in this screen's script."""
        try:
            await self.send(text_data=text)
        except Exception:
            logger.debug("exercise run: send to a closed socket", exc_info=True)
