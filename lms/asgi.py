"""ASGI entry point: HTTP through Django, websockets through Channels."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from lms.pagecache import CachedPagesASGI  # noqa: E402
from lms.realtime import RealtimeAuthMiddlewareStack  # noqa: E402
from lms.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Cached anonymous pages are answered before Django (lms/pagecache.py).
        "http": CachedPagesASGI(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            RealtimeAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# The cyclic garbage collector, tuned for a process that holds many live
# websockets (bench/live_quiz.py, 1,000 phones on one process):
# - what is loaded by now (Django, Wagtail, every app: about 200,000 objects)
#   lives as long as the process; frozen, it is no longer scanned by each full
#   pass, which took 100-340 ms then;
# - the default thresholds (700, 10, 10) still ran a full pass over every
#   connection's objects every few seconds, stopping the event loop for up to
#   470 ms in the middle of a broadcast. With (10,000, 50, 100) the young
#   generation is collected in a few ms and full passes become rare: in two
#   runs of 4 questions, fan-out p95 143 -> 118 ms, answer-to-ack p95
#   264 -> 8 ms (another load on the machine makes such figures noisy).
gc.freeze()
gc.set_threshold(10_000, 50, 100)

# Autobahn (Daphne's websocket protocol) formats the arguments of its debug log
# lines whether or not debug is logged: a pretty-printed table of every
# protocol option per connection (pprint) and coloured type names (click) per
# frame sent. Under cProfile that was about a tenth of the server's time when
# 1,000 phones joined (bench/live_quiz.py --profile). The log lines lose only
# their colours and the option table.
try:
    import autobahn.util
    import autobahn.websocket.protocol

    autobahn.util._HAS_CLICK = False
    autobahn.websocket.protocol.pformat = lambda value, *args, **kwargs: "…"
except ImportError:  # another ASGI server
    pass
