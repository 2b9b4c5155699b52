"""The words issue 15 found wrong, read where a person meets them.

Choice values in exports carry their Serbian names, never the stored key;
"checked in" is the recording of an arrival, not an arrival time; the
statistics count registrations rather than tell the reader they registered;
the checklist counter follows the reader's script.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certificates.services import certificate_issue
from events.exports.attendance import attendance_rows
from events.exports.spreadsheets import attendance_csv, attendance_xlsx
from tests.certificates.conftest import attend, held_training, licensed  # noqa: F401
from tests.conftest import PASSWORD
from tests.events.conftest import make_training, training_index  # noqa: F401
from tests.exercises.conftest import indicators, social_set  # noqa: F401

RAW_KEYS = {"passive", "active", "lecturer", "moderator", "valid", "revoked"}
RAW_KEYS |= {"checked_in", "confirmed", "female", "male", "social_protection"}


def _cells(rows) -> set[str]:
    return {str(cell).strip() for row in rows for cell in row if cell is not None}


def test_my_certificates_exports_name_the_participation_form(
    client,
    held_training,  # noqa: F811
    attend,  # noqa: F811
    licensed,  # noqa: F811
):
    certificate_issue(registration=attend(held_training, licensed, form="passive"))
    client.login(email=licensed.email, password=PASSWORD)

    text = client.get(reverse("certificates:mine_export", args=["csv"])).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    book = client.get(reverse("certificates:mine_export", args=["xlsx"])).content
    sheet = load_workbook(io.BytesIO(book)).active
    for cells in (_cells(rows), _cells(sheet.iter_rows(values_only=True))):
        assert not cells & RAW_KEYS, cells & RAW_KEYS
        assert any("пасивни учесник" in cell.lower() for cell in cells), cells


def test_the_chamber_attendance_files_say_when_arrival_was_recorded(
    held_training,  # noqa: F811
    attend,  # noqa: F811
    licensed,  # noqa: F811
):
    attend(held_training, licensed, form="active")
    rows = attendance_rows(training=held_training)
    sheet = load_workbook(io.BytesIO(attendance_xlsx(rows, held_training))).active
    xlsx = list(sheet.iter_rows(values_only=True))
    text = attendance_csv(rows, held_training).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    for cells in (_cells(xlsx), _cells(table)):
        assert "Време евидентирања доласка" in cells
        assert "Време доласка" not in cells
        assert not cells & RAW_KEYS, cells & RAW_KEYS
        assert any("активни учесник" in cell.lower() for cell in cells), cells


def test_the_statistics_count_registrations(client, staff_user, held_training):  # noqa: F811
    client.force_login(staff_user)
    page = client.get(reverse("events:series_stats")).content.decode()
    assert "Пријављених" in page
    assert "Пријављени сте" not in page


@pytest.mark.parametrize(
    "language, counter",
    [("sr", "Број означених индикатора"), ("sr-latn", "Broj označenih indikatora")],
)
def test_the_checklist_counter_is_in_the_readers_script(
    client,
    social_set,  # noqa: F811
    language,
    counter,
):
    client.cookies["lms_language"] = language
    url = reverse("exercises:screening_tool", args=[social_set.slug]) + "?uzrast=adult"
    page = client.get(url).content.decode()
    assert counter in page
