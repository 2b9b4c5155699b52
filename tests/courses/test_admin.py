"""Editors build courses and quizzes in the Wagtail admin."""

import pytest

from .conftest import lessons_of


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/quizzes/question/add/",
        "/admin/snippets/quizzes/quiz/add/",
        "/admin/snippets/quizzes/topic/",
    ],
)
def test_staff_open_the_question_bank_and_quiz_forms(client, staff_user, url):
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_the_lesson_form_offers_only_the_courses_modules(
    client, staff_user, make_course
):
    course, other = make_course(), make_course()
    client.force_login(staff_user)
    response = client.get(f"/admin/pages/add/courses/lessonpage/{course.pk}/")
    assert response.status_code == 200
    modules = response.context["form"].fields["module"].queryset
    assert set(modules) == set(course.modules.all())
    assert not set(modules) & set(other.modules.all())
    lesson = lessons_of(course)[0]
    edit = client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert set(edit.context["form"].fields["module"].queryset) == set(
        course.modules.all()
    )


def test_staff_see_the_course_progress_menu_item(client, staff_user, participant):
    client.force_login(staff_user)
    assert "/kursevi-napredak/" in client.get("/admin/").text
    client.force_login(participant)
    assert client.get("/admin/").status_code in (302, 403)
