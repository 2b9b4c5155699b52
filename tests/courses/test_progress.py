"""Enrolment, progress, completion and resuming where one left off."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import Enrolment, LessonQuiz
from courses.selectors import course_outline
from quizzes import services as quiz_services

from .conftest import lessons_of


def test_self_enrolment_is_idempotent(course, participant):
    first = services.enrolment_create(course=course, user=participant)
    again = services.enrolment_create(course=course, user=participant)
    assert first == again
    assert Enrolment.objects.filter(course=course).count() == 1


def test_a_closed_course_refuses_self_enrolment(make_course, participant):
    course = make_course(self_enrolment=False)
    with pytest.raises(services.CourseError):
        services.enrolment_create(course=course, user=participant)


def test_registrants_of_the_training_are_enrolled(
    make_course, make_training, participant
):
    from events.services import registration_create

    training = make_training(capacity=5)
    course = make_course(self_enrolment=False, training=training)
    registration_create(
        training=training, user=participant, consent_data=True, consent_chamber=True
    )
    enrolment = Enrolment.objects.get(course=course, user=participant)
    assert enrolment.source == "training"


def test_publishing_a_course_enrols_earlier_registrants(
    make_course, make_training, participant
):
    from events.services import registration_create

    training = make_training(capacity=5)
    registration_create(
        training=training, user=participant, consent_data=True, consent_chamber=True
    )
    course = make_course(self_enrolment=False)
    course.training = training
    course.save_revision().publish()
    assert Enrolment.objects.filter(course=course, user=participant).exists()


def test_completing_all_required_lessons_completes_the_course(course, participant):
    enrolment = services.enrolment_create(course=course, user=participant)
    first, second, third = lessons_of(course)
    third.required = False
    third.save()
    services.lesson_complete(enrolment=enrolment, lesson=first)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    outline = course_outline(course, participant)
    assert (outline.done, len(outline.required), outline.percent) == (1, 2, 50)
    services.lesson_complete(enrolment=enrolment, lesson=second)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_a_lesson_of_another_course_cannot_be_completed(make_course, participant):
    one, other = make_course(), make_course()
    enrolment = services.enrolment_create(course=one, user=participant)
    with pytest.raises(services.CourseError):
        services.lesson_complete(enrolment=enrolment, lesson=lessons_of(other)[0])


@pytest.fixture
def quiz(make_quiz, make_question):
    question = make_question("single", options=[("да", True), ("не", False)])
    return make_quiz([question], pass_mark=100)


def _take(quiz, user, right: bool):
    attempt = quiz_services.attempt_start(quiz=quiz, user=user)
    question = quiz.quiz_questions.get().question
    option = question.options.get(is_correct=right)
    quiz_services.answer_save(
        attempt=attempt, question_id=question.pk, response={"option": option.pk}
    )
    return quiz_services.attempt_submit(attempt=attempt)


def test_a_required_quiz_must_be_passed(
    make_course, quiz, participant, django_capture_on_commit_callbacks
):
    course = make_course(lessons=2, quiz=quiz)
    first, last = lessons_of(course)
    assert LessonQuiz.objects.get(lesson=last).quiz == quiz
    enrolment = services.enrolment_create(course=course, user=participant)
    services.lesson_complete(enrolment=enrolment, lesson=first)
    with pytest.raises(services.CourseError):
        services.lesson_complete(enrolment=enrolment, lesson=last)
    with django_capture_on_commit_callbacks(execute=True):
        _take(quiz, participant, right=False)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        _take(quiz, participant, right=True)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_the_learner_resumes_where_they_left_off(client, course, participant):
    client.force_login(participant)
    client.post(course.url + "upis/")
    first, second, _third = lessons_of(course)
    assert client.get(course.url + "nastavak/").url == first.url
    assert client.get(second.url).status_code == 200
    assert client.get(course.url + "nastavak/").url == second.url
    client.post(second.url + "zavrseno/")
    # The last lesson opened is done: continue with the first one not done.
    assert client.get(course.url + "nastavak/").url == first.url


def test_marking_a_lesson_complete_goes_to_the_next(client, course, participant):
    client.force_login(participant)
    client.post(course.url + "upis/")
    first, second, _third = lessons_of(course)
    response = client.post(first.url + "zavrseno/")
    assert response.url == second.url
    page = client.get(course.url)
    assert "1 of 3 lessons completed" in page.text or "1 од 3" in page.text


def test_lessons_are_for_enrolled_learners(client, course, participant):
    lesson = lessons_of(course)[0]
    assert client.get(lesson.url).status_code == 302
    client.force_login(participant)
    assert client.get(lesson.url).url == course.url


def test_the_dashboard_shows_my_courses(client, course, participant):
    client.force_login(participant)
    client.post(course.url + "upis/")
    for lesson in lessons_of(course):
        client.post(lesson.url + "zavrseno/")
    page = client.get(reverse("dashboard"))
    assert course.title in page.text
    assert "My courses" in page.text or "Моји курсеви" in page.text
    assert "completed on" in page.text or "завршен" in page.text


def test_personal_data_and_account_deletion(course, participant):
    from courses.integration import account_delete, personal_data

    enrolment = services.enrolment_create(course=course, user=participant)
    services.lesson_complete(enrolment=enrolment, lesson=lessons_of(course)[0])
    data = personal_data(participant)
    assert data[0]["course"] == course.title
    assert len(data[0]["completed_lessons"]) == 1
    account_delete(participant)
    assert not Enrolment.objects.filter(user=participant).exists()


def test_the_course_page_names_its_training(client, make_course, make_training):
    training = make_training()
    course = make_course(training=training, training_relation="preparation")
    page = client.get(course.url)
    assert training.title in page.text


def test_a_quiz_added_to_a_lesson_counts_once_the_lesson_is_published(
    make_course, quiz
):
    course = make_course(lessons=2)
    first, _last = lessons_of(course)
    first.body.append(("quiz", {"quiz": quiz, "required": True, "intro": ""}))
    revision = first.save_revision()
    assert not LessonQuiz.objects.filter(lesson=first).exists()  # a draft only

    revision.publish()

    assert LessonQuiz.objects.get(lesson=first).quiz == quiz


def test_a_quiz_removed_from_a_published_lesson_no_longer_counts(make_course, quiz):
    course = make_course(lessons=2, quiz=quiz)
    _first, last = lessons_of(course)
    last.body = [("text", "<p>Без квиза.</p>")]
    last.save_revision().publish()
    assert not LessonQuiz.objects.filter(lesson=last).exists()
