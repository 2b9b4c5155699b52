"""Fixtures of the security probes: people of every role, a clock to travel with."""

import datetime
import time

import pytest
from django.utils import timezone

from tests.events.conftest import make_training, training, training_index  # noqa: F401

ROLES = ["anonymous", "participant", "trainer", "chamber", "staff"]


@pytest.fixture
def people_by_role(participant, trainer, chamber_user, staff_user):
    return {
        "anonymous": None,
        "participant": participant,
        "trainer": trainer,
        "chamber": chamber_user,
        "staff": staff_user,
    }


class Clock:
    """The time as ``time.time()`` and ``timezone.now()`` report it, movable."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now

    def datetime(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.now, tz=datetime.UTC)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """Freeze the clock (both of Django's time sources) and move it by hand."""
    frozen = Clock(time.time())
    monkeypatch.setattr(time, "time", frozen.time)
    monkeypatch.setattr(timezone, "now", frozen.datetime)
    return frozen
