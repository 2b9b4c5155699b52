from django.urls import re_path

from quizzes import consumers

CODE = r"(?P<code>[0-9A-Za-z]{4,12})"

websocket_urlpatterns = [
    re_path(rf"^ws/live/{CODE}/$", consumers.ParticipantConsumer.as_asgi()),
    re_path(rf"^ws/live/{CODE}/control/$", consumers.ControlConsumer.as_asgi()),
    re_path(rf"^ws/live/{CODE}/screen/$", consumers.ScreenConsumer.as_asgi()),
]
