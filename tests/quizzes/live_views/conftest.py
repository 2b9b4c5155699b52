"""A session of a quiz with every kind of question, and another trainer."""

import pytest

from lms.roles import TRAINER
from quizzes.live import services


@pytest.fixture
def other_trainer(make_user):
    return make_user(
        email="drugi.trener@example.org", first_name="Драган", role=TRAINER
    )


@pytest.fixture
def quiz(make_question, make_quiz):
    return make_quiz(
        [
            make_question(
                "single",
                text="Ко може бити жртва трговине људима?",
                options=[("Свако", True), ("Само странци", False)],
            ),
            make_question(
                "multiple",
                text="Шта су средства трговине људима?",
                options=[("Обмана", True), ("Принуда", True), ("Плата", False)],
            ),
            make_question("matching", options=[("Радња", "врбовање")]),
            make_question("ordering", options=[("Прво", True), ("Друго", True)]),
            make_question("short_text", text="Скраћеница Центра?", accepted="ЦЗЖТЉ"),
        ]
    )


@pytest.fixture
def session(trainer, quiz):
    return services.session_create(user=trainer, title="Ниш, 2026", quiz=quiz).session
