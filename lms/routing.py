"""Websocket routes of every realtime app, collected for ``lms.asgi``.

Domain apps append their ``websocket_urlpatterns`` here via the settings list
``WEBSOCKET_ROUTING_MODULES`` so the core imports no domain app by name.
"""

from importlib import import_module

from django.conf import settings

websocket_urlpatterns = []
for module_path in getattr(settings, "WEBSOCKET_ROUTING_MODULES", []):
    websocket_urlpatterns += import_module(module_path).websocket_urlpatterns
