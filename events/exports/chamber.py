"""The Chamber package of one accredited training: every file, and the log."""

import io
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from events.evaluations.results import training_results
from events.exports.attendance import attendance_counts, attendance_rows
from events.exports.checks import changes_against_decision
from events.exports.spreadsheets import (
    attendance_csv,
    attendance_xlsx,
    evaluations_xlsx,
)
from events.models import (
    FREE_TEXT_FIELDS,
    RATED_FIELDS,
    ChamberExportLog,
    EvaluationResponse,
    ExportKind,
    TrainingPage,
)
from lms.text import to_latin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    ExportKind.ATTENDANCE_XLSX: XLSX,
    ExportKind.ATTENDANCE_CSV: "text/csv; charset=utf-8",
    ExportKind.EVALUATIONS_XLSX: XLSX,
    ExportKind.REPORT_PDF: "application/pdf",
    ExportKind.PACKAGE_ZIP: "application/zip",
}
SUFFIXES = {
    ExportKind.ATTENDANCE_XLSX: "spisak-ucesnika.xlsx",
    ExportKind.ATTENDANCE_CSV: "spisak-ucesnika.csv",
    ExportKind.EVALUATIONS_XLSX: "evaluacije.xlsx",
    ExportKind.REPORT_PDF: "izvestaj.pdf",
    ExportKind.PACKAGE_ZIP: "komora.zip",
}


class NotAccredited(Exception):
    """Only trainings with a Chamber decision have a Chamber package."""


@dataclass
class ExportFile:
    name: str
    content: bytes
    content_type: str


def export_filename(training: TrainingPage, kind: str) -> str:
    date = timezone.localtime(training.start).date().isoformat()
    place = (
        slugify(to_latin(training.municipality.name)) if training.municipality else ""
    )
    return f"{date}-{place or training.pk}-{SUFFIXES[kind]}"


def _responses(training: TrainingPage) -> list[dict]:
    return list(
        EvaluationResponse.objects.filter(training=training)
        .order_by("id")
        .values(*RATED_FIELDS, *FREE_TEXT_FIELDS, "extra_answers")
    )


def report_pdf(training: TrainingPage, rows=None, results=None) -> bytes:
    """The printable report (WeasyPrint): training, counts, rating, attendance."""
    from weasyprint import HTML

    rows = attendance_rows(training=training) if rows is None else rows
    results = results or training_results(training=training, with_comments=False)
    html = render_to_string(
        "events/chamber_report.html",
        {
            "training": training,
            "lecturers": list(training.lecturers.all()),
            "changes": changes_against_decision(training),
            "rows": rows,
            "counts": attendance_counts(rows),
            "results": results,
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()


def _once(cache: dict, key: str, compute):
    """Compute each part once per package (the ZIP needs rows three times)."""
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _build(training: TrainingPage, kind: str, cache: dict) -> bytes:
    rows = _once(cache, "rows", lambda: attendance_rows(training=training))
    if kind == ExportKind.ATTENDANCE_XLSX:
        return attendance_xlsx(rows, training)
    if kind == ExportKind.ATTENDANCE_CSV:
        return attendance_csv(rows, training)
    results = _once(
        cache,
        "results",
        lambda: training_results(training=training, with_comments=False),
    )
    if kind == ExportKind.EVALUATIONS_XLSX:
        responses = _responses(training) if results.shown else []
        return evaluations_xlsx(results, responses)
    return report_pdf(training, rows, results)


def _zip_entry(name: str) -> zipfile.ZipInfo:
    """A readable file (rw-r--r--) dated now, compressed."""
    entry = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    entry.external_attr = 0o644 << 16
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def chamber_export_build(*, training: TrainingPage, kind: str) -> ExportFile:
    """One file of the package, or all of them as a ZIP."""
    if not training.accreditation_number:
        raise NotAccredited(str(_("This training has no Chamber decision.")))
    cache: dict = {}
    if kind == ExportKind.PACKAGE_ZIP:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in ExportKind.values:
                if part != ExportKind.PACKAGE_ZIP:
                    archive.writestr(
                        _zip_entry(export_filename(training, part)),
                        _build(training, part, cache),
                    )
        content = buffer.getvalue()
    else:
        content = _build(training, kind, cache)
    return ExportFile(export_filename(training, kind), content, CONTENT_TYPES[kind])


def chamber_export_log(
    *, training: TrainingPage, kind: str, user=None, via: str = "web"
) -> ChamberExportLog:
    """Record who exported which file of which training."""
    return ChamberExportLog.objects.create(
        training=training, user=user, kind=kind, via=via
    )
