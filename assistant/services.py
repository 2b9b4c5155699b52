"""Operations that change the assistant's data: the index and the log of
unanswered questions.

The index is derived data: every write replaces the passages of one object
(``ref``) inside a transaction and bumps ``IndexState.version``, so each
process rebuilds its in-memory ranking on its next question.
"""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assistant import engine, privacy
from assistant.models import IndexState, Passage, UnansweredQuestion
from assistant.passages import cut
from assistant.text import terms
from lms.registry import SearchDocument, searchable_sources


def _passages(document: SearchDocument, source: str) -> list[Passage]:
    rows = []
    for number, chunk in enumerate(cut(document.html), start=1):
        stems = terms(
            f"{document.title} {chunk.heading} {document.keywords} {chunk.text}"
        )
        rows.append(
            Passage(
                key=f"{document.key}#{number}",
                document=document.key,
                ref=document.ref,
                source=source,
                kind=document.kind or source,
                title=document.title[:255],
                heading=chunk.heading[:255],
                url=document.url[:500],
                text=chunk.text,
                terms=" ".join(stems),
                title_terms="\n".join(
                    " ".join(terms(line))
                    for line in [document.title, *document.keywords.splitlines()]
                ),
            )
        )
    return rows


def _bump() -> None:
    IndexState.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4().hex})
    engine.forget()


def index_touch() -> None:
    """Make every process rebuild its ranking (synonyms changed)."""
    _bump()


@transaction.atomic
def index_rebuild() -> int:
    """Index every registered source from scratch; return the passage count."""
    Passage.objects.all().delete()
    rows: list[Passage] = []
    for source in searchable_sources.values():
        for document in source.documents():
            rows.extend(_passages(document, source.name))
    Passage.objects.bulk_create(rows, batch_size=500)
    _bump()
    return len(rows)


@transaction.atomic
def index_replace(*, ref: str, source: str, documents: list[SearchDocument]) -> int:
    """Replace the passages of the object ``ref`` with those of ``documents``."""
    Passage.objects.filter(ref=ref).delete()
    rows = [row for document in documents for row in _passages(document, source)]
    Passage.objects.bulk_create(rows, batch_size=500)
    _bump()
    return len(rows)


def unanswered_record(*, text: str, reason: str) -> UnansweredQuestion:
    """Keep a question that found no answer: masked, without who asked it."""
    return UnansweredQuestion.objects.create(
        text=privacy.mask(text)[:500], reason=reason
    )


def unanswered_purge(*, today: datetime.date | None = None) -> int:
    """Delete unanswered questions older than ``ASSISTANT_UNANSWERED_DAYS``."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.ASSISTANT_UNANSWERED_DAYS)
    deleted, _by_model = UnansweredQuestion.objects.filter(asked_on__lt=limit).delete()
    return deleted
