"""Keeping the index in step with the content, after each commit.

Pages count when published, unpublished or deleted (a saved draft changes
nothing people can read); other models (snippets such as indicators and FAQ
entries) when saved or deleted. Synonyms and English terms change how
questions are read, so saving one only bumps the index version.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from lms.registry import object_ref, searchable_sources


def _source_for(instance):
    label = instance._meta.label_lower
    for source in searchable_sources.values():
        if label in source.models:
            return source
    return None


def _schedule(instance, *, gone: bool = False) -> None:
    if type(instance).__module__ == "__fake__":
        return  # a migration's historical model: the index is built later
    source = _source_for(instance)
    if source is None:
        return
    ref = object_ref(instance)

    def update():
        from assistant.services import index_replace

        documents = [] if gone else list(source.documents_for(instance))
        index_replace(ref=ref, source=source.name, documents=documents)

    transaction.on_commit(update)


def on_page_published(sender, instance, **kwargs):
    _schedule(instance.specific)


def on_page_unpublished(sender, instance, **kwargs):
    _schedule(instance.specific, gone=True)


def on_saved(sender, instance, raw=False, **kwargs):
    if raw or isinstance(instance, Page):
        return
    _schedule(instance)


def on_deleted(sender, instance, **kwargs):
    _schedule(instance, gone=True)


def on_synonym_changed(sender, instance, **kwargs):
    from assistant.services import index_touch

    transaction.on_commit(index_touch)


def connect_sources() -> None:
    from assistant.models import LexiconEntry, Synonym

    page_published.connect(on_page_published, dispatch_uid="assistant_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="assistant_unpub")
    post_save.connect(on_saved, dispatch_uid="assistant_saved")
    post_delete.connect(on_deleted, dispatch_uid="assistant_deleted")
    post_save.connect(on_synonym_changed, sender=Synonym, dispatch_uid="assistant_syn")
    post_delete.connect(
        on_synonym_changed, sender=Synonym, dispatch_uid="assistant_syn_del"
    )
    # English terms change how English questions are read, like synonyms.
    post_save.connect(
        on_synonym_changed, sender=LexiconEntry, dispatch_uid="assistant_lex"
    )
    post_delete.connect(
        on_synonym_changed, sender=LexiconEntry, dispatch_uid="assistant_lex_del"
    )
