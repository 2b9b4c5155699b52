"""The courses' lessons as content the assistant may answer from.

Handed over through ``lms.registry`` so that ``courses`` knows nothing of the
assistant. Each lesson becomes simple HTML: its headings, text, callouts,
quotes and reflections; quizzes and exercises are practice, not answers.
"""

from collections.abc import Iterable

from django.utils.html import escape, strip_tags

from lms.registry import SearchableSource, SearchDocument, object_ref


def _plain(html: str) -> str:
    return escape(strip_tags(html or ""))


def _block_html(block) -> str:
    kind, value = block.block_type, block.value
    if kind == "heading":
        return f"<h2>{escape(value['text'])}</h2>"
    if kind == "text":
        return value.source
    if kind == "callout":
        title = f"{escape(value['title'])}. " if value.get("title") else ""
        return f"<p>{title}{_plain(value['text'].source)}</p>"
    if kind == "quote":
        return f"<p>„{escape(value['quote'])}“ {escape(value.get('source') or '')}</p>"
    if kind == "reflection":
        return f"<p>{escape(value['prompt'])} {escape(value.get('hint') or '')}</p>"
    if kind == "video" and value.get("transcript"):
        return value["transcript"].source
    return ""


def lesson_document(page) -> SearchDocument:
    summary = f"<p>{escape(page.summary)}</p>" if page.summary else ""
    body = "".join(_block_html(block) for block in page.body)
    return SearchDocument(
        key=f"lesson:{page.slug}",
        ref=object_ref(page),
        title=page.title,
        url=page.get_url() or "",
        html=summary + body,
        kind="lesson",
    )


def documents() -> Iterable[SearchDocument]:
    from courses.models import LessonPage

    for page in LessonPage.objects.live().order_by("path"):
        yield lesson_document(page)


def documents_for(instance) -> Iterable[SearchDocument]:
    from courses.models import LessonPage

    page = getattr(instance, "specific", instance)
    if isinstance(page, LessonPage) and page.live:
        yield lesson_document(page)


SOURCE = SearchableSource(
    name="lessons",
    models=("courses.lessonpage",),
    documents=documents,
    documents_for=documents_for,
)
