"""Page tree, blocks and constant query counts on the hot paths."""

import pytest
from django.urls import reverse
from wagtail import blocks as wagtail_blocks

from courses import blocks
from courses.models import CourseIndexPage, CoursePage, LessonPage
from lms.models import HomePage

from .conftest import lessons_of


def test_page_types_nest_strictly(db):
    assert CourseIndexPage.parent_page_types == ["lms.HomePage"]
    assert CoursePage.parent_page_types == ["courses.CourseIndexPage"]
    assert LessonPage.parent_page_types == ["courses.CoursePage"]
    assert CourseIndexPage.can_create_at(HomePage())
    assert not LessonPage.can_create_at(HomePage())


LESSON_BLOCKS = [
    blocks.HeadingBlock,
    blocks.ImageBlock,
    blocks.VideoBlock,
    blocks.CalloutBlock,
    blocks.DocumentBlock,
    blocks.PracticeQuoteBlock,
    blocks.QuizBlock,
    blocks.ReflectionBlock,
    blocks.LessonBlock,
]


@pytest.mark.parametrize("block", LESSON_BLOCKS)
def test_every_block_has_a_docstring_and_preview(block):
    assert block.__doc__
    meta = block._meta_class
    assert meta.icon and meta.description and meta.preview_value
    if not issubclass(block, wagtail_blocks.StreamBlock):
        assert meta.template


def test_video_with_captions_renders_a_track(db):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    video = Document.objects.create(
        title="Видео", file=ContentFile(b"00", name="video.mp4")
    )
    captions = Document.objects.create(
        title="Титлови", file=ContentFile(b"WEBVTT\n", name="video.vtt")
    )
    html = blocks.VideoBlock().render(
        blocks.VideoBlock().to_python(
            {
                "title": "Прича",
                "file": video.pk,
                "captions": captions.pk,
                "captions_language": "sr",
                "embed": None,
                "transcript": "",
            }
        )
    )
    assert '<track kind="captions"' in html and 'srclang="sr"' in html
    assert "<video controls" in html


def test_the_course_page_shows_the_outline_by_module(client, course, participant):
    client.force_login(participant)
    page = client.get(course.url)
    assert page.status_code == 200
    assert "Модул 1" in page.text and "Модул 2" in page.text
    assert "Лекција 3" in page.text


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["course", "lesson", "dashboard"])
def test_course_lesson_and_dashboard_run_constant_queries(
    client, make_course, participant, url, django_assert_max_num_queries
):
    counts = []
    for size in (2, 10):
        course = make_course(lessons=size)
        client.force_login(participant)
        client.post(course.url + "upis/")
        for lesson in lessons_of(course)[: size // 2]:
            client.post(lesson.url + "zavrseno/")
        target = {
            "course": course.url,
            "lesson": lessons_of(course)[-1].url,
            "dashboard": reverse("dashboard"),
        }[url]
        client.get(target)  # warm the site and page caches
        counts.append(_queries(client, target))
        # 26: the account menu asks once per request whether the person is one
        # of the Centre's case workers (lms.roles.group_names, shared with MFA).
        with django_assert_max_num_queries(26):
            client.get(target)
    assert counts[0] == counts[1]


@pytest.mark.parametrize("count", [2, 10])
def test_staff_progress_runs_constant_queries(
    client, make_course, make_user, staff_user, count, django_assert_max_num_queries
):
    from courses import services

    course = make_course()
    for i in range(count):
        learner = make_user(email=f"q{i}@example.org")
        services.enrolment_create(course=course, user=learner)
    client.force_login(staff_user)
    # 17 with the account menu's one question about the person's groups.
    with django_assert_max_num_queries(17):
        client.get(reverse("courses:progress", args=[course.pk]))
    with django_assert_max_num_queries(17):
        client.get(reverse("courses:progress_export", args=[course.pk]))
