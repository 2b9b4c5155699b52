"""Helpers shared by the browser tests (fixtures are in ``conftest.py``)."""

from django.conf import settings


def logged_in(page, client, user, live_server) -> None:
    """Log ``user`` in for ``page``: the test client's session cookie, handed over."""
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )
