"""Reading participant lists (CSV or XLSX) for import into a training.

Columns (the first row names them; order does not matter, case is ignored):

- ``email`` (also ``e-mail``, ``е-пошта``, ``imejl``) — required;
- ``first_name`` (``ime``, ``име``) and ``last_name`` (``prezime``, ``презиме``)
  — required for people without an account;
- ``participation_form`` (``oblik``, ``облик``) — optional: passive, active,
  lecturer, moderator, or in Serbian пасивни, активни, предавач, модератор.

CSV files may be UTF-8 with or without a BOM, separated by commas or
semicolons. Names may be in Cyrillic or Latin; they are stored as written.
"""

import csv
import io
from dataclasses import dataclass, field

from lms.text import search_key

HEADERS = {
    "email": {"email", "e mail", "e posta", "imejl", "mejl", "adresa e poste"},
    "first_name": {"first name", "ime", "name"},
    "last_name": {"last name", "prezime", "surname"},
    "participation_form": {"participation form", "oblik", "oblik ucesca", "uloga"},
}
FORMS = {
    "passive": "passive",
    "pasivni": "passive",
    "pasivni ucesnik": "passive",
    "active": "active",
    "aktivni": "active",
    "aktivni ucesnik": "active",
    "lecturer": "lecturer",
    "predavac": "lecturer",
    "moderator": "moderator",
}


class ImportFileError(ValueError):
    """The file cannot be read at all (wrong format, no header row)."""


@dataclass
class ParsedRow:
    line: int
    values: dict[str, str] = field(default_factory=dict)


def _column(header: str) -> str | None:
    key = search_key(header).replace("_", " ")
    return next((name for name, aliases in HEADERS.items() if key in aliases), None)


def _rows_from_table(table: list[list]) -> list[ParsedRow]:
    if not table:
        raise ImportFileError("empty")
    columns = [_column(str(h or "")) for h in table[0]]
    if "email" not in columns:
        raise ImportFileError("no e-mail column")
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        values = {
            name: str(cell if cell is not None else "").strip()
            for name, cell in zip(columns, cells, strict=False)
            if name
        }
        if any(values.values()):
            rows.append(ParsedRow(line=line, values=values))
    return rows


def _csv_table(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("not UTF-8") from error
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_table(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — any unreadable workbook
        raise ImportFileError("not an XLSX file") from error
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def participants_parse(*, name: str, data: bytes) -> list[ParsedRow]:
    """The rows of an uploaded participant list, by column name."""
    if name.lower().endswith(".xlsx"):
        return _rows_from_table(_xlsx_table(data))
    return _rows_from_table(_csv_table(data))


def participation_form_parse(value: str) -> str | None:
    if not value:
        return "passive"
    return FORMS.get(search_key(value))
