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
  the screen.
"""

from collections.abc import Callable
from typing import Any

personal_data_exporters: dict[str, Callable[[Any], Any]] = {}
account_deletion_handlers: list[Callable[[Any], None]] = []
dashboard_panels: list[Callable[[Any], dict | None]] = []
deletion_notices: list[Any] = []
join_code_resolvers: list[Callable[[str], str | None]] = []
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


def register_join_code(resolver: Callable[[str], str | None]) -> None:
    if resolver not in join_code_resolvers:
        join_code_resolvers.append(resolver)


def resolve_join_code(code: str) -> str | None:
    """Where a code typed in the room leads, or None."""
    for resolver in join_code_resolvers:
        if url := resolver(code):
            return url
    return None
