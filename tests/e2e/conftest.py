import os

import pytest

# The activities' contents (balloons, collage) and their runs.
from tests.activities.conftest import (  # noqa: F401
    balloons_content,
    collage_content,
    make_run,
)

# The events fixtures (a training whose trainer checks people in, ten people).
from tests.events.conftest import (  # noqa: F401
    make_training,
    own_training,
    people,
    trainer_profile,
    training_index,
)
from tests.quizzes.servers import Server, login_cookie

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


# A phone-sized screen, as most participants use the platform, and a laptop.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "locale": "sr-RS",
    "is_mobile": True,
    "has_touch": True,
}
LAPTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "sr-RS"}
# ms: a loaded 2-core machine, three browsers and a server
LIVE_WAIT = 30_000


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


@pytest.fixture
def server(transactional_db, settings):
    """A Daphne process on the test database, for pages that use websockets.

    pytest-django's ``live_server`` is a WSGI thread and cannot carry them;
    see ``tests/e2e/test_live_quiz.py`` for why this works on SQLite too. It
    reads and writes files in this test's media folders.
    """
    running = Server(
        extra_env={
            "LMS_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "LMS_TEST_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        }
    )
    yield running
    running.stop()


@pytest.fixture
def open_page(browser, server):
    """Open a page on ``server`` in a browser of its own: a phone, or a laptop
    with ``laptop=True``, logged in as ``user`` when given."""
    contexts = []

    def open_(*, laptop: bool = False, user=None):
        context = browser.new_context(
            **(LAPTOP if laptop else PHONE), base_url=server.http
        )
        contexts.append(context)
        if user is not None:
            name, value = login_cookie(user).split("=", 1)
            context.add_cookies([{"name": name, "value": value, "url": server.http}])
        context.set_default_timeout(LIVE_WAIT)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def trainer_page(open_page, trainer):
    """The trainer's laptop, logged in."""
    return open_page(laptop=True, user=trainer)


@pytest.fixture
def phone(open_page):
    """A participant's phone, anonymous."""
    return open_page()


@pytest.fixture
def phones(phone, open_page):
    """Two participants' phones (the first is ``phone``)."""
    return [phone, open_page()]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
