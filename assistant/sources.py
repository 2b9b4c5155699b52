"""The assistant's own content: curated answers (FAQ entries)."""

from collections.abc import Iterable

from django.utils.html import escape, strip_tags

from lms.registry import SearchableSource, SearchDocument, object_ref


def faq_document(entry) -> SearchDocument:
    return SearchDocument(
        key=f"faq:{entry.slug}",
        ref=object_ref(entry),
        title=entry.question,
        url=entry.links.first().url if entry.links.exists() else "",
        # One passage: a curated answer is shown whole.
        html=f"<p>{escape(strip_tags(entry.answer))}</p>",
        kind="faq",
        keywords="\n".join(entry.all_questions()[1:]),
    )


def documents() -> Iterable[SearchDocument]:
    from assistant.models import FaqEntry

    for entry in FaqEntry.objects.filter(live=True).prefetch_related("links"):
        yield faq_document(entry)


def documents_for(instance) -> Iterable[SearchDocument]:
    from assistant.models import FaqEntry

    if isinstance(instance, FaqEntry) and instance.live:
        yield faq_document(instance)


FAQ_SOURCE = SearchableSource(
    name="faq",
    models=("assistant.faqentry",),
    documents=documents,
    documents_for=documents_for,
)
