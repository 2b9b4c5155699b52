"""The index follows the content: publish, unpublish, delete, snippet save."""

import pytest

from assistant.models import Passage
from assistant.services import index_rebuild
from exercises.models import Indicator


def _documents():
    return set(Passage.objects.values_list("document", flat=True))


def test_publishing_a_lesson_adds_its_passages(
    make_lesson, django_capture_on_commit_callbacks
):
    lesson = make_lesson(live=False)
    assert "lesson:pristanak" not in _documents()
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    passages = Passage.objects.filter(document="lesson:pristanak")
    assert passages.count() == 1
    assert passages.get().heading == "Пристанак"
    assert passages.get().url == lesson.url


def test_unpublishing_and_deleting_a_lesson_remove_its_passages(
    make_lesson, django_capture_on_commit_callbacks
):
    first, second = make_lesson(), make_lesson(slug="druga", title="Друга лекција")
    index_rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert "lesson:pristanak" not in _documents()
    assert "lesson:druga" in _documents()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert "lesson:druga" not in _documents()


def test_saving_and_deleting_a_snippet_updates_the_index(
    faq, django_capture_on_commit_callbacks
):
    index_rebuild()
    faq.answer = "<p>Модератор добија 6 бодова.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        faq.save()
    assert "Модератор" in Passage.objects.get(document="faq:bodovi").text
    with django_capture_on_commit_callbacks(execute=True):
        faq.delete()
    assert "faq:bodovi" not in _documents()


@pytest.mark.django_db
def test_indicators_are_indexed_with_why_they_matter():
    index_rebuild()
    indicator = Indicator.objects.select_related("indicator_set").first()
    key = f"indicator:{indicator.indicator_set.slug}:{indicator.code}"
    assert indicator.explanation in Passage.objects.get(document=key).text
