"""The video spotting exercise inside a lesson: answered there, counted as done."""

from courses.models import ExerciseCompletion, LessonPage
from exercises.models import Indicator
from tests.exercises.spotting_fixtures import spotting_block_value


def codes():
    return {i.code: i.pk for i in Indicator.objects.filter(code__startswith="sp-")}


def test_a_spotting_block_in_a_lesson_counts_as_done_once_answered(
    client, course, participant
):
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    lesson.body.append(("video_spotting", {**spotting_block_value(), "required": True}))
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    block = next(b for b in lesson.body if b.block_type == "video_spotting")
    client.force_login(participant)
    client.post(course.url + "upis/")
    page = client.get(lesson.url).content.decode()
    assert f'action="{lesson.url}vezba/{block.id}/#block-{block.id}"' in page

    c = codes()
    response = client.post(
        f"{lesson.url}vezba/{block.id}/",
        {"mark_time": ["7.0"], "mark_indicator": [c["sp-k2"]]},
    )
    assert response.status_code == 200
    assert "Дуг расте." in response.content.decode()
    assert ExerciseCompletion.objects.filter(lesson=lesson, block_id=block.id).exists()
