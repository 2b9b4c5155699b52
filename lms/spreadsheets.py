"""Spreadsheet cells that cannot become formulas (CSV and XLSX injection).

Every export of the platform (Chamber packages, course progress, live-quiz
results, certificates) writes people's text through these helpers.
"""

from typing import Any

# A spreadsheet program may read text starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: Any) -> Any:
    """Text that starts like a formula gets a leading apostrophe; the rest as is.

    Numbers, dates and ``None`` are returned unchanged, so they stay numbers
    and dates in the spreadsheet.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row_safe(values) -> list[Any]:
    return [cell_safe(value) for value in values]
