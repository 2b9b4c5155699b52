"""The projector of a live exercise run: results pushed as answers arrive."""

import logging

from channels.db import database_sync_to_async

from exercises import live
from exercises.models import ExerciseRun
from exercises.selectors import run_viewable_by
from lms import realtime

logger = logging.getLogger(__name__)


class RunScreenConsumer(realtime.RealtimeConsumer):
    """Read-only: staff and trainers watch a run's results (never names).

    Frames are checked by ``RealtimeConsumer`` like those of live sessions;
    the screen only sends pings.
    """

    role = "screen"
    limited_roles = ()

    async def connect(self) -> None:
        await self.accept()
        code = str(self.scope["url_route"]["kwargs"]["code"]).lower()
        run = await database_sync_to_async(
            ExerciseRun.objects.filter(code=code).select_related("page").first
        )()
        if run is None:
            await self.deny(realtime.CLOSE_NOT_FOUND)
            return
        user = self.scope.get("user")
        allowed = await database_sync_to_async(run_viewable_by)(user, run)
        if not allowed:
            await self.deny(realtime.CLOSE_FORBIDDEN)
            return
        await self.attach(live.run_group(run.pk))
        message = await database_sync_to_async(live.results_message)(run)
        await self.send_message(message)
        self.ready = True
