"""Exercises and case studies embedded in a lesson, done inside the lesson."""

import pytest

from courses import services
from courses.models import ExerciseCompletion, LessonPage
from exercises.models import CaseAttempt, ExerciseResponse
from tests.exercises.conftest import demo_content  # noqa: F401

DETECTIVE = {
    "title": "Аутобуска станица",
    "intro": "Кликните на детаље који би могли да значе нешто.",
    "passages": [
        {
            "text": "Младић спава на клупи.",
            "is_sign": False,
            "explanation": "Умор сам по себи не говори много.",
        },
        {
            "text": "Човек у колима држи пасоше четворице радника.",
            "is_sign": True,
            "explanation": "Одузимање докумената је јак индикатор контроле.",
        },
    ],
}

ONE_DAY = {
    "title": "Један дан",
    "intro": "",
    "nodes": [
        {
            "key": "start",
            "situation": "Жена ћути и гледа у под.",
            "choices": [
                {
                    "text": "Представите се.",
                    "quality": "good",
                    "feedback": "Предвидљивост смањује страх.",
                    "next": "kraj",
                },
            ],
        },
        {
            "key": "kraj",
            "situation": "Жена подиже поглед.",
            "choices": [
                {
                    "text": "Питате шта јој треба.",
                    "quality": "good",
                    "feedback": "Особа бира.",
                    "next": "",
                }
            ],
        },
    ],
}


@pytest.fixture
def lesson_with(course):
    """The course's first lesson, with the given blocks added to its body."""

    def make(*blocks):
        lesson = LessonPage.objects.child_of(course).order_by("path").first()
        for block in blocks:
            lesson.body.append(block)
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        return lesson

    return make


def _block(lesson, block_type):
    return next(b for b in lesson.body if b.block_type == block_type)


def _enrolled(client, course, user):
    client.force_login(user)
    client.post(course.url + "upis/")


def test_an_exercise_is_answered_inside_the_lesson_with_feedback(
    client, course, participant, lesson_with
):
    lesson = lesson_with(("detective_mystery", {**DETECTIVE, "required": True}))
    block = _block(lesson, "detective_mystery")
    _enrolled(client, course, participant)

    page = client.get(lesson.url).content.decode()
    assert f'action="{lesson.url}vezba/{block.id}/#block-{block.id}"' in page
    assert "data-missing-practice" in page

    response = client.post(f"{lesson.url}vezba/{block.id}/", {"passage": ["1"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-feedback" in html
    assert "Одузимање докумената је јак индикатор контроле." in html
    assert "<h1>" + lesson.title in html.replace("\n", "")
    stored = ExerciseResponse.objects.get(page=lesson, block_id=block.id)
    assert stored.user == participant
    assert stored.kind == "detective"
    assert ExerciseCompletion.objects.filter(lesson=lesson, block_id=block.id).exists()


def test_a_required_exercise_gates_the_lesson(client, course, participant, lesson_with):
    lesson = lesson_with(("detective_mystery", {**DETECTIVE, "required": True}))
    block = _block(lesson, "detective_mystery")
    enrolment = services.enrolment_create(course=course, user=participant)

    with pytest.raises(services.CourseError):
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    client.force_login(participant)
    client.post(lesson.url + "zavrseno/")
    assert not enrolment.completions.filter(lesson=lesson).exists()
    assert "data-missing-practice" in client.get(lesson.url).content.decode()

    client.post(f"{lesson.url}vezba/{block.id}/", {"passage": ["0"]})
    assert "data-missing-practice" not in client.get(lesson.url).content.decode()
    client.post(lesson.url + "zavrseno/")
    assert enrolment.completions.filter(lesson=lesson).exists()


def test_an_optional_exercise_does_not_gate_the_lesson(
    course, participant, lesson_with
):
    lesson = lesson_with(("detective_mystery", {**DETECTIVE, "required": False}))
    enrolment = services.enrolment_create(course=course, user=participant)
    services.lesson_complete(enrolment=enrolment, lesson=lesson)
    assert enrolment.completions.filter(lesson=lesson).exists()


def test_a_role_play_counts_once_the_conversation_ends(
    client, course, participant, lesson_with
):
    lesson = lesson_with(("one_day", {**ONE_DAY, "required": True}))
    block = _block(lesson, "one_day")
    _enrolled(client, course, participant)
    url = f"{lesson.url}vezba/{block.id}/"

    html = client.post(url, {"node": "start", "choice": "0"}).content.decode()
    assert "Предвидљивост смањује страх." in html
    assert "Жена подиже поглед." in html  # the next moment, still in the lesson
    assert not ExerciseCompletion.objects.filter(block_id=block.id).exists()

    client.post(url, {"node": "kraj", "choice": "0", "path": "good"})
    assert ExerciseCompletion.objects.filter(block_id=block.id).count() == 1


def test_answering_needs_an_enrolment_and_a_real_block(
    client, course, participant, lesson_with
):
    lesson = lesson_with(("detective_mystery", {**DETECTIVE, "required": True}))
    block = _block(lesson, "detective_mystery")
    client.force_login(participant)
    response = client.post(f"{lesson.url}vezba/{block.id}/", {"passage": ["1"]})
    assert response.status_code == 302
    assert not ExerciseResponse.objects.exists()

    client.post(course.url + "upis/")
    assert client.post(f"{lesson.url}vezba/nema/", {}).status_code == 404
    assert client.get(f"{lesson.url}vezba/{block.id}/").status_code == 405


def test_a_case_study_card_shows_the_learners_status_and_gates(
    client,
    course,
    participant,
    lesson_with,
    demo_content,  # noqa: F811
):
    case = demo_content.get(slug="gradiliste-na-obodu-grada")
    lesson = lesson_with(
        ("case_study", {"case": case, "intro": "Вежбајте.", "required": True})
    )
    _enrolled(client, course, participant)
    enrolment = participant.course_enrolments.get()

    html = client.get(lesson.url).content.decode()
    assert case.title in html
    assert f'href="{case.url}"' in html
    assert 'data-case-status="not-yet"' in html
    with pytest.raises(services.CourseError):
        services.lesson_complete(enrolment=enrolment, lesson=lesson)

    CaseAttempt.objects.create(
        user=participant, case=case, level="low", expected_level=case.expected_level
    )
    assert 'data-case-status="done"' in client.get(lesson.url).content.decode()
    services.lesson_complete(enrolment=enrolment, lesson=lesson)
