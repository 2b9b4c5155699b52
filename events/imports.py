"""Reading participant lists (CSV or XLSX) for import into a training.

Columns (the first row names them; order does not matter, case is ignored):

- ``email`` (also ``e-mail``, ``е-пошта``, ``imejl``) — required;
- ``first_name`` (``ime``, ``име``) and ``last_name`` (``prezime``, ``презиме``)
  — required for people without an account;
- ``participation_form`` (``oblik``, ``облик``) — optional: passive, active,
  lecturer, moderator, or in Serbian пасивни, активни, предавач, модератор.

CSV files may be UTF-8 with or without a BOM, separated by commas or
semicolons. Names may be in Cyrillic or Latin; they are stored as written.

Limits (settings, see the README): ``IMPORT_MAX_BYTES`` for the upload,
``IMPORT_MAX_ROWS`` rows after the header, ``IMPORT_MAX_UNPACKED_BYTES`` for
what an XLSX file unpacks to.
"""

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from events import conf
from lms.text import search_key

# Columns past these are never read: the list needs four.
MAX_COLUMNS = 30

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


class ImportTooLarge(ImportFileError):
    """The file is over a limit; ``message`` says which, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedRow:
    line: int
    values: dict[str, str] = field(default_factory=dict)


def _column(header: str) -> str | None:
    key = search_key(header).replace("_", " ")
    return next((name for name, aliases in HEADERS.items() if key in aliases), None)


def _too_many_rows(max_rows: int) -> ImportTooLarge:
    return ImportTooLarge(
        _(
            "The list has more than %(max)s rows. Split it into smaller files "
            "and import them one by one."
        )
        % {"max": max_rows}
    )


def _rows_from_table(table: Iterator[Sequence], max_rows: int) -> list[ParsedRow]:
    """Rows by column name, reading no further than one row over the cap.

    Every row read counts, empty or not, so a file claiming or padding a
    million empty rows costs no more than ``max_rows`` of them.
    """
    header = next(table, None)
    if not header:
        raise ImportFileError("empty")
    columns = [_column(str(h or "")) for h in header[:MAX_COLUMNS]]
    if "email" not in columns:
        raise ImportFileError("no e-mail column")
    rows = []
    for line, cells in enumerate(table, start=2):
        if line - 1 > max_rows:
            raise _too_many_rows(max_rows)
        values = {
            name: str(cell if cell is not None else "").strip()
            for name, cell in zip(columns, cells, strict=False)
            if name
        }
        if any(values.values()):
            rows.append(ParsedRow(line=line, values=values))
    return rows


def _csv_rows(data: bytes) -> Iterator[Sequence]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("not UTF-8") from error
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
    except csv.Error as error:
        raise ImportFileError("broken CSV") from error


def _unpacked_size_check(data: bytes, max_unpacked: int) -> None:
    """Refuse a workbook that would unpack to more than ``max_unpacked`` bytes.

    A few kilobytes of XLSX can hold hundreds of megabytes of XML; openpyxl
    keeps all shared strings in memory, so the sizes are checked first.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError("not an XLSX file") from error
    if unpacked > max_unpacked:
        raise _too_much_data(max_unpacked)


def _too_much_data(max_unpacked: int) -> ImportTooLarge:
    return ImportTooLarge(
        _(
            "The workbook holds too much data (more than %(size)s unpacked). "
            "Save only the participant list in a new file."
        )
        % {"size": filesizeformat(max_unpacked)}
    )


class _TooManyStrings(Exception):
    """Not a ValueError, which openpyxl would wrap into its own."""


def _shared_strings_read(source, max_strings: int) -> list[str]:
    """openpyxl's shared-string table, read no further than ``max_strings``."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    tag = f"{{{SHEET_MAIN_NS}}}si"
    strings = []
    for _event, node in iterparse(source):
        if node.tag == tag:
            if len(strings) >= max_strings:
                raise _TooManyStrings
            strings.append(Text.from_tree(node).content.replace("x005F_", ""))
            node.clear()
    return strings


def _workbook_open(data: bytes, max_strings: int):
    """The workbook in read-only mode, reading no more than the list needs.

    openpyxl's read-only sheets look for the stored dimension when opened, and
    when a sheet has none they parse all of it: every sheet of the workbook,
    before the first row is read. Here a sheet reads nothing until iterated,
    and the shared strings (all kept in memory) stop at ``max_strings``.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.xml.constants import SHARED_STRINGS

    class UnsizedSheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            """The stored dimension is not believed (it may lie): nothing to read."""

    class ListReader(ExcelReader):
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                with self.archive.open(part.PartName[1:]) as source:
                    self.shared_strings = _shared_strings_read(source, max_strings)

        def read_worksheets(self) -> None:
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    self.wb._sheets.append(
                        UnsizedSheet(
                            self.wb, sheet.name, rel.target, self.shared_strings
                        )
                    )

    reader = ListReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _xlsx_rows(data: bytes, max_unpacked: int, max_rows: int) -> Iterator[Sequence]:
    _unpacked_size_check(data, max_unpacked)
    try:
        workbook = _workbook_open(data, max_strings=(max_rows + 1) * MAX_COLUMNS)
    except _TooManyStrings as error:
        raise _too_much_data(max_unpacked) from error
    except Exception as error:  # noqa: BLE001 — any unreadable workbook
        raise ImportFileError("not an XLSX file") from error
    try:
        sheet = workbook.active or next(iter(workbook.worksheets), None)
        if sheet is None:
            raise ImportFileError("no worksheet")
        # Without a believed dimension, rows are the ones actually there (a
        # dimension claiming a million rows would pad with empty ones).
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 — malformed XML inside the file
        raise ImportFileError("unreadable worksheet") from error
    finally:
        workbook.close()


def participants_parse(
    *,
    name: str,
    data: bytes,
    max_rows: int | None = None,
    max_unpacked: int | None = None,
) -> list[ParsedRow]:
    """The rows of an uploaded participant list, by column name.

    Parsed as a stream with a row cap (``IMPORT_MAX_ROWS``) and, for XLSX, a
    cap on the unpacked size (``IMPORT_MAX_UNPACKED_BYTES``), so a hostile file
    costs bounded time and memory. The upload's own size is checked by the form.
    """
    max_rows = max_rows or conf.import_max_rows()
    max_unpacked = max_unpacked or conf.import_max_unpacked_bytes()
    if name.lower().endswith(".xlsx"):
        table = _xlsx_rows(data, max_unpacked, max_rows)
    else:
        table = _csv_rows(data)
    with closing(table):
        return _rows_from_table(table, max_rows)


def participation_form_parse(value: str) -> str | None:
    if not value:
        return "passive"
    return FORMS.get(search_key(value))
