"""The empty participant list staff download and hand to local hosts.

The headers are the Serbian Cyrillic ones the import recognises first (Latin
and English work too); one example row shows the expected values.
"""

import csv
import io

from django.utils.translation import gettext as _

COLUMNS = [
    ("first_name", "Име"),
    ("last_name", "Презиме"),
    ("email", "Е-пошта"),
    ("licence_number", "Број лиценце"),
    ("institution", "Установа"),
    ("system", "Систем"),
    ("municipality", "Општина"),
    ("gender", "Пол"),
    ("participation_form", "Облик учешћа"),
    ("attended", "Присуствовао/ла"),
]
EXAMPLE = [
    "Марија", "Марић", "marija.maric@example.org", "01-2345", "ЦСР Чачак",
    "Систем социјалне заштите", "Чачак", "ж", "пасивни", "да",
]  # fmt: skip


def template_rows() -> list[list[str]]:
    return [[header for _key, header in COLUMNS], EXAMPLE]


def template_csv() -> bytes:
    """UTF-8 with a BOM and semicolons: what Serbian Excel opens as columns."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(template_rows())
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    for row in template_rows():
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in "ABCDEFGHIJ":
        sheet.column_dimensions[column].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_csv(result: dict) -> bytes:
    """The outcome of every row (the preview's or the import's), for the file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Row"), _("Outcome"), _("Name"), _("E-mail"), _("Reason and warnings")]
    )
    for row in result["rows"]:
        writer.writerow(
            [row["row"], row["outcome_label"], row["name"], row["email"], row["reason"]]
        )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
