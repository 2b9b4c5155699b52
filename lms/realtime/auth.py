"""Who is on the socket, without queueing behind the room.

The trainers' views (control, projector) get a database thread of their own
(``priority_database_sync_to_async``): everything else (a room of phones
joining and answering) queues in Channels' one database thread, and a control
behind 500 joins waited seconds to connect (issue 13).
"""

from concurrent.futures import ThreadPoolExecutor

from channels.db import DatabaseSyncToAsync
from django.conf import settings

# The trainers' views (control, projector) get a database thread of their own:
# everything else (a room of phones joining and answering) queues in Channels'
# one database thread, and a control behind 500 joins waited seconds to
# connect (issue 13). One more database connection per process.
_priority_executor = ThreadPoolExecutor(
    max_workers=1, thread_name_prefix="realtime-priority"
)


def priority_database_sync_to_async(function):
    """Like ``database_sync_to_async``, in the trainers' own database thread."""
    return DatabaseSyncToAsync(
        function, thread_sensitive=False, executor=_priority_executor
    )


STAFF_PATH_ENDINGS = ("/control/", "/screen/")


class RealtimeAuthMiddleware:
    """Channels' ``AuthMiddleware``, with two lanes to the database.

    A socket without a session cookie (a guest's phone, a projector opened
    with its key) is anonymous at once: no trip to the database thread. A
    trainer's control or projector (paths ending in ``STAFF_PATH_ENDINGS``)
    loads its user in the trainers' own database thread, so that a flood of
    guests queued in Channels' database thread cannot delay it.
    """

    def __init__(self, inner) -> None:
        from channels.auth import AuthMiddleware

        self.inner = AuthMiddleware(inner)
        self.inner.resolve_scope = self.resolve_scope

    async def resolve_scope(self, scope) -> None:
        from channels.auth import get_user
        from django.contrib.auth.models import AnonymousUser

        cookie = settings.SESSION_COOKIE_NAME
        if not (scope.get("cookies") or {}).get(cookie):
            scope["user"]._wrapped = AnonymousUser()
            return
        if str(scope.get("path", "")).endswith(STAFF_PATH_ENDINGS):
            scope["user"]._wrapped = await priority_database_sync_to_async(
                get_user.func
            )(scope)
        else:
            scope["user"]._wrapped = await get_user(scope)

    async def __call__(self, scope, receive, send):
        return await self.inner(scope, receive, send)


def RealtimeAuthMiddlewareStack(inner):  # noqa: N802 - as Channels names its stack
    from channels.sessions import CookieMiddleware, SessionMiddleware

    return CookieMiddleware(SessionMiddleware(RealtimeAuthMiddleware(inner)))
