"""Reading participant lists (CSV, tab-separated text or XLSX) into rows.

The first row names the columns (see ``matching.HEADERS``: Serbian Cyrillic,
Latin or English, in any order, case and diacritics ignored).

Text files may be UTF-8 with or without a BOM, UTF-16 (Excel's "Unicode
text", tab-separated), Windows-1250 (Serbian Excel, Latin) or Windows-1251
(Serbian Excel, Cyrillic); the encoding is detected with ``charset-normalizer``
and the separator (``;``, ``,`` or tab) is sniffed from the header row. In XLSX
a formula cell is read as the value Excel saved with it; a formula without a
saved value is flagged on its row, never read as empty silently.

Limits (settings, see the README): ``IMPORT_MAX_BYTES`` for the upload,
``IMPORT_MAX_ROWS`` rows after the header, ``IMPORT_MAX_UNPACKED_BYTES`` for
what an XLSX file unpacks to.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from events import conf

# Columns past these are never read: a sign-in sheet has about a dozen.
MAX_COLUMNS = 30


class ImportFileError(ValueError):
    """The file cannot be read at all (wrong format, no header row)."""


class ImportTooLarge(ImportFileError):
    """The file is over a limit; ``message`` says which, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# A formula cell the file holds no saved value for (written by a program that
# does not calculate, or saved with calculation off): flagged on its row.
FORMULA_WITHOUT_VALUE = object()


@dataclass
class ParsedRow:
    line: int
    values: dict[str, str] = field(default_factory=dict)
    # Columns whose cell is a formula without a saved value.
    formulas: list[str] = field(default_factory=list)


def _too_many_rows(max_rows: int) -> ImportTooLarge:
    return ImportTooLarge(
        _(
            "The list has more than %(max)s rows. Split it into smaller files "
            "and import them one by one."
        )
        % {"max": max_rows}
    )


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a licence number typed as a number
    return str(cell).strip()


def _rows_from_table(table: Iterator[Sequence], max_rows: int) -> list[ParsedRow]:
    """Rows by column name, reading no further than one row over the cap.

    Every row read counts, empty or not, so a file claiming or padding a
    million empty rows costs no more than ``max_rows`` of them.
    """
    from events.imports.matching import columns_from_header

    header = next(table, None)
    if not header or not any(header):
        raise ImportFileError("empty")
    columns = columns_from_header([_cell_text(h) for h in header[:MAX_COLUMNS]])
    named = set(columns)
    if not (
        "email" in named or "full_name" in named or {"first_name", "last_name"} <= named
    ):
        raise ImportFileError("no name or e-mail column")
    rows = []
    for line, cells in enumerate(table, start=2):
        if line - 1 > max_rows:
            raise _too_many_rows(max_rows)
        row = ParsedRow(line=line)
        for name, cell in zip(columns, cells, strict=False):
            if not name:
                continue
            if cell is FORMULA_WITHOUT_VALUE:
                row.formulas.append(name)
                cell = None
            # Two columns mapping to one name (Ime, Name): the first filled wins.
            row.values[name] = row.values.get(name) or _cell_text(cell)
        if any(row.values.values()) or row.formulas:
            rows.append(row)
    return rows


def _decoded(data: bytes) -> str:
    """The text of a list saved by any Excel or editor a host may have.

    BOMs decide first (UTF-8, UTF-16 "Unicode text"); then strict UTF-8; then
    ``charset-normalizer`` chooses between the two Serbian Windows code pages
    (1250 for Latin, 1251 for Cyrillic), which decode any byte, so only a
    detector can tell them apart.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:200]:  # UTF-16 without a BOM: every ASCII char has a zero
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    pages = ["cp1250", "cp1251"]
    best = from_bytes(data, cp_isolation=pages).best()
    if best is None:
        # A real list can look "messy" to the detector (a name of 200 Д, Latin
        # letters typed among Cyrillic ones): then the less messy of the two
        # code pages, since the file is one of them.
        best = from_bytes(data, cp_isolation=pages, threshold=1.0).best()
    if best is None:
        raise ImportFileError("unknown encoding")
    return str(best)


SEPARATORS = (";", ",", "\t")


def separator_sniff(text: str) -> str:
    """The separator of the header row: the one it holds most of (``;`` on a tie).

    The header row names the columns and has no commas inside names, so it is
    a safer sample than ``csv.Sniffer`` on rows of names and addresses.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv_rows(data: bytes) -> Iterator[Sequence]:
    text = _decoded(data)
    delimiter = separator_sniff(text)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser
    from openpyxl.xml.constants import SHARED_STRINGS

    class FlaggingParser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None and (
                element.find(VALUE_TAG) is None
            ):
                cell["value"] = FORMULA_WITHOUT_VALUE
            return cell

    class UnsizedSheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            """The stored dimension is not believed (it may lie): nothing to read."""

        def _cells_by_row(self, min_col, min_row, max_col, max_row, values_only=False):
            # openpyxl's own loop, with a parser that flags formulas without
            # a saved value; rows missing from the XML come out empty.
            with self._get_source() as source:
                parser = FlaggingParser(
                    source,
                    self._shared_strings,
                    data_only=True,
                    epoch=self.parent.epoch,
                    date_formats=self.parent._date_formats,
                    timedelta_formats=self.parent._timedelta_formats,
                )
                counter = 1
                for index, row in parser.parse():
                    while counter < index:
                        counter += 1
                        yield ()
                    counter += 1
                    yield self._get_row(row, min_col, max_col, values_only)

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
