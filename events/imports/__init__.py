"""Participant lists (sign-in sheets) in: reading, matching, importing.

- ``reading``: bytes → rows by column (encodings, separators, XLSX, limits);
- ``matching``: cells → values (headers, reference lists, codes), no writes;
- ``services``: rows → registrations, check-ins and profiles, previewed or
  imported in one transaction;
- ``claims``: a person signing up takes over the record of their paper sheet;
- ``templates``: the downloadable empty list, XLSX and CSV.
"""

from events.imports.matching import participation_form_parse
from events.imports.reading import (
    ImportFileError,
    ImportTooLarge,
    ParsedRow,
    participants_parse,
)

__all__ = [
    "ImportFileError",
    "ImportTooLarge",
    "ParsedRow",
    "participants_parse",
    "participation_form_parse",
]
