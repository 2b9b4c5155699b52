"""Small registries through which domain apps extend the core without imports.

The core (``lms``) imports no domain app. A domain app registers, from its
``AppConfig.ready()``:

- a personal-data exporter: ``(user) -> dict`` added to "Download my data";
- an account-deletion handler: ``(user) -> None`` run in the deletion
  transaction, however the account is deleted (``lms.signals.user_deleting``),
  to anonymise what must be kept (e.g. registrations and attendance already
  counted in statistics and Chamber packages) before the account goes;
- a dashboard panel: ``(request) -> dict | None`` with ``template`` and context;
- a deletion notice: text shown on the deletion page about what is kept;
- a join-code resolver: ``(code) -> url | None``, so the one join page for the
  room (``/uzivo/``) finds a live quiz or a live exercise run by the code on
  the screen;
- account links: ``(request) -> list[dict]`` of ``url`` and ``label`` shown in
  the account menu of every page for a signed-in person (e.g. "My referrals");
- a result action: ``(request, result) -> dict | None`` giving ``url`` and
  ``label`` of a link shown under a screening or case-study result (e.g. "refer
  a real case to the Centre"), so exercises need not know who offers it;
- an agenda activity: ``(key, label)`` of something done in the room (e.g.
  "broken telephone") that editors may mark on an agenda item of a training's
  programme, so the programme shows which activity belongs to which part of
  the day without the events app knowing the activities app;
- a searchable source: content the assistant ("ask the handbook") may answer
  from, handed over as ``SearchDocument`` objects so the assistant sits on top
  and no lower app imports it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

personal_data_exporters: dict[str, Callable[[Any], Any]] = {}
account_deletion_handlers: list[Callable[[Any], None]] = []
dashboard_panels: list[Callable[[Any], dict | None]] = []
deletion_notices: list[Any] = []
join_code_resolvers: list[Callable[[str], str | None]] = []
result_actions: list[Callable[[Any, dict], dict | None]] = []
account_link_providers: list[Callable[[Any], list[dict]]] = []
# Blocks of figures on the home page (the events app's series figures).
home_panels: list[Callable[[Any], dict | None]] = []


def register_personal_data(key: str, exporter: Callable[[Any], Any]) -> None:
    personal_data_exporters[key] = exporter


def register_account_deletion(handler: Callable[[Any], None]) -> None:
    if handler not in account_deletion_handlers:
        account_deletion_handlers.append(handler)


def register_dashboard_panel(panel: Callable[[Any], dict | None]) -> None:
    if panel not in dashboard_panels:
        dashboard_panels.append(panel)


def register_deletion_notice(text: Any) -> None:
    if text not in deletion_notices:
        deletion_notices.append(text)


def register_home_panel(panel: Callable[[Any], dict | None]) -> None:
    """``panel(request)`` returns a context with a ``template``, or None."""
    if panel not in home_panels:
        home_panels.append(panel)


def register_account_links(provider: Callable[[Any], list[dict]]) -> None:
    if provider not in account_link_providers:
        account_link_providers.append(provider)


def account_links_for(request) -> list[dict]:
    """Links other apps add to a signed-in person's account menu."""
    if not getattr(getattr(request, "user", None), "is_authenticated", False):
        return []
    return [link for provider in account_link_providers for link in provider(request)]


agenda_activities: dict[str, Any] = {}


def register_agenda_activity(key: str, label: Any) -> None:
    agenda_activities[key] = label


def agenda_activity_choices() -> list[tuple[str, Any]]:
    """Choices for agenda items (a callable: apps register when they are ready)."""
    return list(agenda_activities.items())


def register_join_code(resolver: Callable[[str], str | None]) -> None:
    if resolver not in join_code_resolvers:
        join_code_resolvers.append(resolver)


def resolve_join_code(code: str) -> str | None:
    """Where a code typed in the room leads, or None."""
    for resolver in join_code_resolvers:
        if url := resolver(code):
            return url
    return None


def unused_join_code(make: Callable[[], str], taken: Callable[[str], bool]) -> str:
    """A new code from ``make()`` that no room on ``/uzivo/`` answers to (a
    quiz, an exercise run, an activity) and that ``taken`` (the caller's own
    table, closed rooms included) does not hold: the same code typed in the
    room must never lead to two places."""
    for _attempt in range(50):
        code = make()
        if not taken(code) and resolve_join_code(code) is None:
            return code
    raise RuntimeError("no free join code")  # millions of codes: unreachable


@dataclass(frozen=True)
class SearchDocument:
    """One piece of content to answer from.

    ``key`` is stable across databases (made of slugs and codes, not ids), so
    an evaluation set can name it; ``ref`` names the object it comes from
    (``"app_label.model:pk"``) so its passages can be replaced when it changes.
    ``html`` is simple markup (headings, paragraphs, lists): the assistant cuts
    it into passages at headings and paragraphs.
    """

    key: str
    ref: str
    title: str
    url: str
    html: str
    kind: str = ""
    # Words to match that are not shown (e.g. the other ways to ask a question).
    keywords: str = ""


@dataclass(frozen=True)
class SearchableSource:
    """Content of one app for the assistant.

    ``documents()`` yields every document (a full rebuild); ``models`` are the
    ``"app_label.ModelName"`` whose publishing, saving or deleting changes the
    content, and ``documents_for(instance)`` yields the documents that one
    changed object now contributes (none when it is unpublished or deleted).
    """

    name: str
    models: tuple[str, ...]
    documents: Callable[[], Iterable[SearchDocument]]
    documents_for: Callable[[Any], Iterable[SearchDocument]]


searchable_sources: dict[str, SearchableSource] = {}


def register_searchable(source: SearchableSource) -> None:
    searchable_sources[source.name] = source


def object_ref(instance: Any) -> str:
    """``"app_label.model:pk"``: the ``ref`` of a document made from ``instance``.

    Every page is ``wagtailcore.page:pk``, whichever class the signal saw it as
    (deleting a lesson deletes its ``Page`` row too).
    """
    from wagtail.models import Page

    if isinstance(instance, Page):
        return f"wagtailcore.page:{instance.pk}"
    return f"{instance._meta.label_lower}:{instance.pk}"


def register_result_action(action: Callable[[Any, dict], dict | None]) -> None:
    if action not in result_actions:
        result_actions.append(action)


def result_actions_for(request, result: dict) -> list[dict]:
    """Links other apps offer under a result (``indicator_ids``, ``level``…)."""
    return [link for action in result_actions if (link := action(request, result))]
