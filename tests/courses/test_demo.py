"""The demo course and quizzes load, and load again without duplicates."""

import io
import json
from pathlib import Path

from courses.models import CourseModule, CoursePage, LessonPage, LessonQuiz
from quizzes.models import Question, QuestionKind, Quiz

DATA = Path(__file__).resolve().parents[2] / "events" / "data" / "trainings-2025.json"


def _load():
    from courses.demo import load_demo as courses_demo
    from quizzes.demo import load_demo as quizzes_demo

    out = io.StringIO()
    quizzes_demo(out)
    courses_demo(out)


def test_demo_course_follows_the_programme(home_page):
    _load()
    _load()
    course = CoursePage.objects.get()
    assert course.title == "Препознавање случајева трговине људима и подршка жртвама"
    segments = json.loads(DATA.read_text(encoding="utf-8"))["training_programme"]
    modules = list(CourseModule.objects.filter(course=course))
    assert len(modules) == len(segments) == 6
    for module in modules:
        assert LessonPage.objects.filter(module=module, required=True).count() >= 2
    assert CoursePage.objects.count() == 1
    assert LessonQuiz.objects.filter(required=True).count() == 1


def test_demo_quizzes_use_every_question_type(home_page):
    _load()
    knowledge = Quiz.objects.get(slug="provera-znanja-trgovina-ljudima")
    kinds = {qq.question.kind for qq in knowledge.quiz_questions.all()}
    assert knowledge.quiz_questions.count() >= 20
    assert kinds == set(QuestionKind.values)
    post = Quiz.objects.get(kind="post_test")
    assert post.pre_test.kind == "pre_test"
    pre_questions = set(post.pre_test.quiz_questions.values_list("question", flat=True))
    assert pre_questions == set(post.quiz_questions.values_list("question", flat=True))
    assert Question.objects.filter(topics__isnull=True).count() == 0
    for question in Question.objects.exclude(kind="short_text"):
        assert all(o.feedback for o in question.options.all())


def test_demo_embeds_practice_and_the_participant_holds_a_certificate(
    home_page, make_user, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate
    from courses.models import Enrolment
    from exercises.demo import load_demo as exercises_demo

    make_user(email="ucesnica@example.org", first_name="Милица", last_name="Петровић")
    exercises_demo(io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        _load()
        _load()
    communication = LessonPage.objects.get(slug="komunikacija")
    case_lesson = LessonPage.objects.get(slug="studija-slucaja")
    exercise = [b for b in communication.body if b.block_type == "open_questions"]
    case = [b for b in case_lesson.body if b.block_type == "case_study"]
    assert len(exercise) == 1 and exercise[0].value["required"]
    assert len(case) == 1 and case[0].value["case"].slug == "ivana-i-novi-prijatelji"

    enrolment = Enrolment.objects.get(user__email="ucesnica@example.org")
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(kind="completion")
    assert certificate.user == enrolment.user
    assert certificate.holder_name == "Милица Петровић"
