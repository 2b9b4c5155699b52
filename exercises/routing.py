from django.urls import re_path

from exercises import consumers

websocket_urlpatterns = [
    re_path(
        r"^ws/exercise-run/(?P<code>[0-9A-Za-z]{4,12})/$",
        consumers.RunScreenConsumer.as_asgi(),
    ),
]
