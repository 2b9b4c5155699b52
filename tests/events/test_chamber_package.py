"""The Chamber package fit to send: whole rows, the header, what is missing."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from openpyxl import load_workbook
from pypdf import PdfReader

from events.exports.attendance import attendance_rows
from events.exports.chamber import report_pdf
from events.exports.checks import chamber_export_missing
from events.imports import participants_parse
from events.imports.services import participants_import
from events.models import TrainerProfile
from events.services import registration_consent_record
from tests.conftest import PASSWORD
from tests.helpers import sr

PEOPLE = 70


@pytest.fixture
def held(make_training):
    return make_training(
        days=-30,
        capacity=100,
        status="held",
        city="Пирот",
        accreditation_number="153-02-00077/2025-01",
        points_passive=4,
        points_active=6,
        accredited_place="Ниш",
    )


def sheet(people: int) -> bytes:
    lines = ["Име;Презиме;Број лиценце;Установа;Општина;Присуство;Облик учешћа"]
    for n in range(people):
        institution = (
            "Центар за социјални рад са веома дугачким називом "
            f"број {n:03d} крај{n:03d}"
        )
        form = "активни" if n % 3 else "пасивни"
        licence = f"{10000 + n}" if n % 7 else ""  # every seventh has none
        lines.append(f"Особа{n:03d};Презиме;{licence};{institution};Пирот;да;{form}")
    return "\n".join(lines).encode("cp1251")  # as Serbian Excel saves it


def imported_and_consented(training, by, people=PEOPLE):
    rows = participants_parse(name="spisak.csv", data=sheet(people))
    participants_import(training=training, rows=rows, by=by, confirm=True)
    for registration in training.registrations.all():
        registration_consent_record(
            registration=registration,
            consent_data=True,
            consent_chamber=True,
            source="link",
        )


def test_pdf_rows_are_never_split_and_the_header_repeats(held, staff_user):
    imported_and_consented(held, staff_user)

    reader = PdfReader(io.BytesIO(report_pdf(held)))

    pages = [page.extract_text() for page in reader.pages]
    list_pages = [text for text in pages if "Особа" in text]
    assert len(list_pages) >= 2  # the list does run over pages
    for n in range(PEOPLE):
        # The name (first cell) and the end of the institution (the last
        # line of the tallest cell) are on the same page: the row is whole.
        name_page = next(i for i, t in enumerate(pages) if f"Особа{n:03d}" in t)
        end_page = next(i for i, t in enumerate(pages) if f"крај{n:03d}" in t)
        assert name_page == end_page, n
    with translation.override("sr"):
        points_header = pgettext("licence points, a narrow column", "Points")
    assert points_header == "Бодови"
    for text in list_pages:
        assert points_header in text.split()  # repeated, and not broken in two


def test_imported_people_carry_their_points_into_the_package(held, staff_user):
    imported_and_consented(held, staff_user, people=8)

    rows = {row.first_name: row for row in attendance_rows(training=held)}

    assert (rows["Особа001"].licence_number, rows["Особа001"].points) == ("10001", 6)
    assert (rows["Особа003"].licence_number, rows["Особа003"].points) == ("10003", 4)
    assert rows["Особа007"].points is None  # no licence number, no points
    assert rows["Особа001"].municipality == "Пирот"
    pages = PdfReader(io.BytesIO(report_pdf(held))).pages
    assert "10001" in "".join(page.extract_text() for page in pages)


def test_the_lists_carry_the_trainings_header_and_the_change_of_place(
    client, held, staff_user
):
    imported_and_consented(held, staff_user, people=3)
    assert client.login(email=staff_user.email, password=PASSWORD)

    csv_response = client.get(
        reverse("events:chamber_export_download", args=[held.pk, "attendance_csv"])
    )
    xlsx_response = client.get(
        reverse("events:chamber_export_download", args=[held.pk, "attendance_xlsx"])
    )

    rows = list(
        csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";")
    )
    header = dict(row for row in rows[: rows.index([])] if len(row) == 2)
    assert header[sr("Training")] == held.title
    assert header[sr("Chamber decision no.")] == "153-02-00077/2025-01"
    assert "Пирот" in header[sr("Venue")]
    assert "Ниш" in header[sr("Note")] and "153-02-00077/2025-01" in header[sr("Note")]
    sheet_rows = list(
        load_workbook(io.BytesIO(xlsx_response.content)).active.iter_rows(
            values_only=True
        )
    )
    assert sheet_rows[0][:2] == (sr("Training"), held.title)


def test_the_pre_export_check_lists_what_the_chamber_needs(held, staff_user, client):
    imported_and_consented(held, staff_user, people=8)
    assert client.login(email=staff_user.email, password=PASSWORD)

    missing = chamber_export_missing(training=held)
    page = client.get(reverse("events:chamber_export", args=[held.pk]))

    messages = [item.message for item in missing]
    assert sr("The Chamber decision date is missing.") in messages
    assert sr("No lecturers are recorded.") in messages
    without = next(item for item in missing if item.names)
    assert without.names == ["Особа000 Презиме", "Особа007 Презиме"]
    assert "Особа007 Презиме" in page.content.decode()


def test_a_complete_training_has_nothing_missing(held, staff_user, trainer):
    held.lecturers.add(TrainerProfile.objects.create(name="Тодор Тренер", user=trainer))
    held.accreditation_date = held.start.date()
    held.accredited_place = ""
    held.save()

    assert chamber_export_missing(training=held) == []
