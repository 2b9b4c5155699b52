"""Course progress as an XLSX workbook for staff.

Cells that a spreadsheet would read as a formula (a name typed as "=HYPERLINK(…)")
are written as text with a leading apostrophe, so opening the file runs nothing.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

from courses.selectors import EnrolmentProgress, GroupRow
from lms.spreadsheets import cell_safe


def _append(sheet, values) -> None:
    sheet.append([cell_safe(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = TYPE_STRING


def _local(value):
    return value.replace(tzinfo=None) if value else None


def progress_workbook(
    course, rows: list[EnrolmentProgress], by_system: list[GroupRow], by_inst
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Learners")[:31]
    _append(
        sheet,
        [
            _("First name"), _("Last name"), _("E-mail"), _("System"),
            _("Institution"), _("City or municipality"), _("Enrolled on"),
            _("Lessons completed"), _("Required lessons"), _("Progress (%)"),
            _("Course completed"),
        ],
    )  # fmt: skip
    for row in rows:
        user = row.enrolment.user
        profile = getattr(user, "profile", None)
        _append(
            sheet,
            [
                user.first_name,
                user.last_name,
                user.email,
                str(getattr(profile, "system", "") or ""),
                str(getattr(profile, "institution", "") or ""),
                str(getattr(profile, "municipality", "") or ""),
                _local(row.enrolment.enrolled_at),
                row.done,
                row.total,
                row.percent,
                _local(row.enrolment.completed_at),
            ],
        )
    for title, groups in ((_("By system"), by_system), (_("By institution"), by_inst)):
        summary = book.create_sheet(title[:31])
        _append(summary, [title, _("Enrolled"), _("Completed")])
        for group in groups:
            _append(summary, [group.name, group.enrolled, group.completed])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
