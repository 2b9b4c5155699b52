"""CSV and XLSX files: the attendance list and the evaluations."""

import csv
import datetime
import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from events.evaluations.results import TrainingResults
from events.exports.attendance import AttendanceRow, attendance_headers
from events.exports.checks import training_header
from events.models import FREE_TEXT_ITEMS, RATED_FIELDS, RATED_ITEMS
from lms.spreadsheets import cell_safe, row_safe

DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


def _cells(sheet, values, bold: bool = False) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=cell_safe(value))
        if isinstance(value, datetime.datetime):
            cell.number_format = DATETIME_FORMAT
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _sheet(workbook: Workbook, title: str, widths: list[int]):
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    return sheet


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attendance_xlsx(rows: list[AttendanceRow], training=None) -> bytes:
    workbook = Workbook(write_only=True)
    headers = attendance_headers(training)
    widths = [18, 16, 14, 40, 28, 18, 20, 10, 17]
    sheet = _sheet(workbook, _("Attendance"), widths + [16] * (len(headers) - 9))
    if training is not None:  # the training's header above the list
        for label, value in training_header(training):
            sheet.append(_cells(sheet, [label, value]))
        sheet.append([])
    sheet.append(_cells(sheet, headers, bold=True))
    for row in rows:
        sheet.append(_cells(sheet, row.values()))
    return _save(workbook)


def attendance_csv(rows: list[AttendanceRow], training=None) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Cyrillic correctly.

    Semicolons: Excel with Serbian (and most European) regional settings
    splits columns on them, as the decimal separator is the comma.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    if training is not None:
        for label, value in training_header(training):
            writer.writerow(row_safe([label, value]))
        writer.writerow([])
    writer.writerow(row_safe(attendance_headers(training)))
    for row in rows:
        values = [
            v.strftime("%d.%m.%Y %H:%M") if isinstance(v, datetime.datetime) else v
            for v in row.values()
        ]
        writer.writerow(row_safe(values))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def evaluations_xlsx(results: TrainingResults, responses: list[dict]) -> bytes:
    """A summary sheet and, above the minimum of answers, the answers sheet."""
    workbook = Workbook(write_only=True)
    summary = _sheet(workbook, _("Summary"), [45, 10, 8, 8, 8, 8, 8])
    summary.append(_cells(summary, [results.training.title], bold=True))
    summary.append(_cells(summary, [_("Answers"), results.answers]))
    summary.append(
        _cells(summary, [pgettext("number of people", "Checked in"), results.attended])
    )
    if not results.shown:
        summary.append(
            _cells(summary, [_("Fewer answers than the minimum: not shown.")])
        )
        return _save(workbook)
    summary.append(_cells(summary, [_("Average rating"), float(results.overall)]))
    summary.append([])
    header = [_("Item"), _("Average"), "1", "2", "3", "4", "5"]
    summary.append(_cells(summary, header, bold=True))
    for item in results.items:
        summary.append(
            _cells(summary, [item.label, float(item.average), *item.distribution])
        )
    answers = _sheet(workbook, _("Answers"), [10] * 5 + [50] * 4)
    labels = [str(label) for _key, label in RATED_ITEMS + FREE_TEXT_ITEMS]
    answers.append(_cells(answers, [*labels, _("Extra questions")], bold=True))
    for response in responses:
        extra = "; ".join(
            f"{a['question']}: {a['answer']}" for a in response["extra_answers"]
        )
        values = [response[key] for key in RATED_FIELDS]
        values += [response[key] for key, _label in FREE_TEXT_ITEMS]
        answers.append(_cells(answers, [*values, extra]))
    return _save(workbook)
