"""Two sessions to play in: a quiz and a reflective one, both without questions."""

import pytest

from quizzes.live import services


@pytest.fixture
def session(trainer):
    return services.session_create(user=trainer, title="Ниш, 2026").session


@pytest.fixture
def reflective(trainer):
    return services.session_create(
        user=trainer, title="Рефлексија", mode="reflective"
    ).session
