from django.urls import re_path

from exercises import consumers
from exercises.spotting import consumers as spotting

websocket_urlpatterns = [
    re_path(
        r"^ws/exercise-run/(?P<code>[0-9A-Za-z]{4,12})/$",
        consumers.RunScreenConsumer.as_asgi(),
    ),
    re_path(
        r"^ws/spotting/(?P<code>[0-9A-Za-z]{4,12})/$",
        spotting.SpottingPhoneConsumer.as_asgi(),
    ),
    re_path(
        r"^ws/spotting/(?P<code>[0-9A-Za-z]{4,12})/screen/$",
        spotting.SpottingScreenConsumer.as_asgi(),
    ),
]
