from django.urls import re_path

from activities import consumers

CODE = r"(?P<code>[0-9A-Za-z]{4,12})"

websocket_urlpatterns = [
    re_path(rf"^ws/activity/{CODE}/$", consumers.PhoneConsumer.as_asgi()),
    re_path(rf"^ws/activity/{CODE}/control/$", consumers.ControlConsumer.as_asgi()),
    re_path(rf"^ws/activity/{CODE}/screen/$", consumers.ScreenConsumer.as_asgi()),
]
