"""Extra attendance columns that a higher app (certificates) fills in.

``events`` must not import ``certificates``; certificates registers a provider
``(training, registration_ids) -> (headers, {registration_id: values})`` from
its ``AppConfig.ready()`` and the Chamber export appends those columns.
"""

from collections.abc import Callable, Iterable
from typing import Any

ColumnProvider = Callable[[Any, Iterable[int]], tuple[list[str], dict[int, list]]]

certificate_column_providers: list[ColumnProvider] = []


def register_certificate_columns(provider: ColumnProvider) -> None:
    if provider not in certificate_column_providers:
        certificate_column_providers.append(provider)


def extra_columns(training, registration_ids: list[int]):
    """Headers and values per registration from every registered provider."""
    headers: list[str] = []
    values: dict[int, list] = {pk: [] for pk in registration_ids}
    for provider in certificate_column_providers:
        names, rows = provider(training, registration_ids)
        for pk in registration_ids:
            values[pk].extend(rows.get(pk) or [""] * len(names))
        headers.extend(names)
    return headers, values
