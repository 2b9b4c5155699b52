import itertools

import pytest

from courses.models import CourseIndexPage, CourseModule, CoursePage, LessonPage
from courses.services import lesson_quizzes_sync
from tests.events.conftest import make_training, training_index  # noqa: F401
from tests.quizzes.conftest import make_question, make_quiz  # noqa: F401

_numbers = itertools.count(1)


@pytest.fixture
def course_index(home_page):
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home_page.add_child(
            instance=CourseIndexPage(title="Курсеви", slug="kursevi")
        )
    return index


@pytest.fixture
def make_course(course_index):
    """A published course with ``lessons`` lessons in two modules.

    ``quiz`` is embedded, required, in the last lesson.
    """

    def make(lessons=3, quiz=None, **fields):
        number = next(_numbers)
        course = course_index.add_child(
            instance=CoursePage(title=f"Курс {number}", slug=f"kurs-{number}", **fields)
        )
        first = CourseModule.objects.create(
            course=course, title="Модул 1", sort_order=0
        )
        second = CourseModule.objects.create(
            course=course, title="Модул 2", sort_order=1
        )
        for i in range(lessons):
            body = [("text", f"<p>Лекција {i + 1}</p>")]
            if quiz is not None and i == lessons - 1:
                body.append(("quiz", {"quiz": quiz, "required": True, "intro": ""}))
            lesson = course.add_child(
                instance=LessonPage(
                    title=f"Лекција {i + 1}",
                    slug=f"lekcija-{i + 1}",
                    module=first if i < lessons / 2 else second,
                    body=body,
                )
            )
            lesson_quizzes_sync(lesson=lesson)
        return course

    return make


@pytest.fixture
def course(make_course):
    return make_course()


def lessons_of(course):
    return list(LessonPage.objects.child_of(course).order_by("path"))
