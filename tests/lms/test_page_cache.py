"""Anonymous visitors get public pages from the cache; nobody gets a stale one."""

import logging
import socket

import pytest
from django.conf import settings

from lms import pagecache
from tests.helpers import html_lang, soup

HOME_TITLE = "Обуке за препознавање трговине људима"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


def heading(response) -> str:
    return soup(response).h1.get_text(strip=True)


def test_a_second_anonymous_visit_is_answered_without_the_view(
    client, home_page, django_assert_num_queries
):
    first = client.get("/")

    with django_assert_num_queries(0):
        second = client.get("/")

    assert second.status_code == 200
    assert second.content == first.content
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Language"] == first["Content-Language"]
    assert heading(second) == HOME_TITLE


def test_anonymous_pages_set_no_cookie_and_carry_no_csrf_token(client, home_page):
    response = client.get("/")

    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_language_switcher_works_without_a_csrf_token(home_page):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_publishing_a_change_shows_at_once(
    client, home_page, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        home_page.title = "Нове обуке"
        home_page.save_revision().publish()

    response = client.get("/")

    assert heading(response) == "Нове обуке"
    assert "X-Page-Cache" not in response


def test_each_language_and_script_gets_its_own_copy(client, home_page):
    seen = {}
    for _round in range(2):
        for language in ("sr", "sr-latn", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get("/")
            seen.setdefault(language, []).append(response)

    assert [html_lang(r) for r in seen["sr"]] == ["sr-Cyrl", "sr-Cyrl"]
    assert [html_lang(r) for r in seen["sr-latn"]] == ["sr-Latn", "sr-Latn"]
    assert [html_lang(r) for r in seen["en"]] == ["en", "en"]
    assert heading(seen["sr-latn"][1]) == "Obuke za prepoznavanje trgovine ljudima"
    assert all(seen[code][1]["X-Page-Cache"] == "hit" for code in seen)


def test_logged_in_people_never_get_a_cached_page(client, home_page, participant):
    anonymous = client.get("/")
    client.get("/")  # now cached
    client.force_login(participant)

    logged_in = client.get("/")

    assert "X-Page-Cache" not in logged_in
    assert "account_logout" not in anonymous.content.decode()
    assert "/accounts/logout/" in logged_in.content.decode()


def test_a_logged_in_page_is_never_served_to_anonymous_visitors(
    client, home_page, participant
):
    client.force_login(participant)
    client.get("/")
    client.logout()
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)

    response = client.get("/")

    assert "/accounts/logout/" not in response.content.decode()


def test_missing_pages_and_posts_are_not_cached(client, home_page):
    client.get("/nema-je/")
    missing = client.get("/nema-je/")
    client.post("/", {})
    after_post = client.get("/")

    assert missing.status_code == 404
    assert "X-Page-Cache" not in missing
    assert "X-Page-Cache" not in after_post


def test_a_page_with_a_message_is_not_cached(client, home_page):
    client.cookies["messages"] = "anything"

    client.get("/")
    response = client.get("/")

    assert "X-Page-Cache" not in response


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_with_the_cache_down_pages_render_and_a_line_is_logged(
    client, home_page, settings, caplog, monkeypatch
):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    monkeypatch.setattr(pagecache, "_last_warning", -1e9)

    with caplog.at_level(logging.WARNING, logger="lms.pagecache"):
        first = client.get("/")
        second = client.get("/")
        pagecache._bump()

    assert [first.status_code, second.status_code] == [200, 200]
    assert heading(second) == HOME_TITLE
    assert "page cache unavailable" in caplog.text


class DjangoStub:
    """Stands for Django behind the ASGI front: records what reaches it."""

    def __init__(self):
        self.paths = []

    async def __call__(self, scope, receive, send):
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def asgi_get(app, path, cookie=""):
    from channels.testing import HttpCommunicator

    headers = [(b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return await HttpCommunicator(app, "GET", path, headers=headers).get_response()


def test_the_asgi_front_answers_a_cached_page_before_django(client, home_page):
    from asgiref.sync import async_to_sync

    stored = client.get("/")
    client.get("/")
    django = DjangoStub()

    response = async_to_sync(asgi_get)(pagecache.CachedPagesASGI(django), "/")

    assert response["status"] == 200
    assert response["body"] == stored.content
    assert django.paths == []
    assert (b"x-page-cache", b"hit") in response["headers"]


def test_the_asgi_front_passes_logged_in_people_and_other_languages_to_django(
    client, home_page
):
    from asgiref.sync import async_to_sync

    client.get("/")
    django = DjangoStub()
    front = pagecache.CachedPagesASGI(django)

    async_to_sync(asgi_get)(front, "/", cookie=f"{settings.SESSION_COOKIE_NAME}=abc")
    async_to_sync(asgi_get)(front, "/", cookie=f"{settings.LANGUAGE_COOKIE_NAME}=en")
    async_to_sync(asgi_get)(front, "/?strana=2")

    assert django.paths == ["/", "/", "/"]


def test_with_the_cache_down_the_asgi_front_hands_every_request_to_django(
    settings, caplog, monkeypatch
):
    from asgiref.sync import async_to_sync

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    monkeypatch.setattr(pagecache, "_last_warning", -1e9)
    django = DjangoStub()
    front = pagecache.CachedPagesASGI(django)

    with caplog.at_level(logging.WARNING, logger="lms.pagecache"):
        first = async_to_sync(asgi_get)(front, "/")
        second = async_to_sync(asgi_get)(front, "/")

    assert [first["status"], second["status"]] == [204, 204]
    assert django.paths == ["/", "/"]
    assert "page cache unavailable" in caplog.text
