import itertools

import pytest

from quizzes.live import services
from quizzes.models import Option, Question, Quiz, QuizQuestion

_numbers = itertools.count(1)


@pytest.fixture
def make_question(db):
    """A question with options given as (text, correct) or (text, match) pairs."""

    def make(kind="single", text=None, options=(), accepted="", explanation=""):
        question = Question.objects.create(
            kind=kind,
            text=text or f"Питање {next(_numbers)}",
            accepted_answers=accepted,
            explanation=explanation,
        )
        for position, (option_text, value) in enumerate(options):
            Option.objects.create(
                question=question,
                sort_order=position,
                text=option_text,
                is_correct=value is True,
                match=value if isinstance(value, str) else "",
                feedback=f"Зашто: {option_text}",
            )
        return question

    return make


@pytest.fixture
def make_quiz(db):
    def make(questions, **fields):
        number = next(_numbers)
        values = {"title": f"Квиз {number}", "slug": f"kviz-{number}", **fields}
        quiz = Quiz.objects.create(**values)
        for position, question in enumerate(questions):
            QuizQuestion.objects.create(
                quiz=quiz, question=question, sort_order=position
            )
        return quiz

    return make


@pytest.fixture
def single(make_question):
    return make_question(
        "single",
        options=[("Врбовање", True), ("Миграција", False), ("Запошљавање", False)],
    )


@pytest.fixture
def three_questions(make_question):
    return [
        make_question("single", options=[("да", True), ("не", False)]) for _ in range(3)
    ]


@pytest.fixture
def session_with_quiz(make_question, make_quiz, trainer):
    questions = [
        make_question(
            "single",
            text="Ко може бити жртва трговине људима?",
            options=[("Свако", True), ("Само странци", False)],
            explanation="Трговина људима не бира држављанство.",
        ),
        make_question(
            "multiple",
            options=[("Обмана", True), ("Принуда", True), ("Плата", False)],
        ),
        make_question("short_text", text="Скраћеница Центра?", accepted="ЦЗЖТЉ"),
    ]
    quiz = make_quiz(questions)
    created = services.session_create(user=trainer, title="Ниш, 2026", quiz=quiz)
    return created.session
