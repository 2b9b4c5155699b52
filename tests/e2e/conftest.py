import os

import pytest

# The events fixtures (a training whose trainer checks people in, ten people).
from tests.events.conftest import (  # noqa: F401
    make_training,
    own_training,
    people,
    trainer_profile,
    training_index,
)

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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A phone-sized screen, as most participants use the platform."""
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "locale": "sr-RS",
        "is_mobile": True,
        "has_touch": True,
    }


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
