"""Issue 14's resolution, walked as staff would: the hostile sign-in sheet of a
held training, saved as Serbian Excel saves it (UTF-8 with BOM, Windows-1250
Latin, Windows-1251 Cyrillic, UTF-16 "Unicode text", XLSX), through the
preview and the confirmation on the web and through the command; imported
people's licence points reach their certificates and the Chamber package.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from certificates.services import certificate_issue
from events.models import Attendance
from events.services import registration_consent_record
from lms.models import OutboundEmail, User
from lms.text import to_latin
from tests.conftest import PASSWORD
from tests.events.import_helpers import confirm_url, preview
from tests.events.test_imports import outcomes

HEADER = [
    "Име", "Презиме", "Е-пошта", "Број лиценце", "Установа", "Систем",
    "Општина", "Пол", "Облик учешћа", "Присуство",
]  # fmt: skip
EMPTY = [""] * len(HEADER)
ROWS = [
    # 2: good, the institution typed with a Latin R among Cyrillic letters
    ["Марија", "Марић", "marija@example.org", "01-2345", "ЦСR Чачак", "", "Чачак",
     "ж", "активни", "да"],
    # 3: good, Latin municipality without diacritics
    ["Јован", "Јовић", "jovan@example.org", "12345", "ЦСР Чачак",
     "Систем социјалне заштите", "Cacak", "м", "пасивни", "да"],
    # 4: the same person as row 2 (the address in capitals)
    ["Марија", "Марић", "MARIJA@example.org", "01-2345", "ЦСР Чачак", "", "Чачак",
     "ж", "активни", "да"],
    EMPTY,  # 5
    # 6: a malformed licence number and an unknown municipality: warnings
    ["Петар", "Петровић", "petar@example.org", "12-AB", "Дом здравља Чачак", "",
     "Атлантида", "м", "", "да"],
    # 7: a formula where the first name should be
    ["=1+2", "Формулић", "formula@example.org", "", "", "", "", "", "", "да"],
    # 8: an over-long name (the old import's HTTP 500)
    ["Д" * 200, "Дугачки", "dugi@example.org", "", "", "", "Ниш", "", "", "да"],
    # 9: on paper: no e-mail, a licence number
    ["Зоран", "Зорић", "", "55555", "ЦСР Ниш", "", "Ниш", "м", "пасивни", "да"],
    # 10: not an address
    ["Весна", "Вуковић", "nije-adresa", "", "", "", "", "", "", "да"],
    EMPTY,  # 11
    # 12: registered, did not come
    ["Ана", "Анић", "ana@example.org", "01-9999", "ЦСР Ниш", "", "Ниш", "ж",
     "активни", "не"],
]  # fmt: skip
GOOD = {2: "marija", 3: "jovan", 6: "petar", 9: None, 12: "ana"}
BAD = {4: "duplicate", 7: "error", 8: "error", 10: "error"}
POINTS = {"01-2345": 6, "12345": 4, "55555": 4}  # checked in, with a licence


def text_file(rows, *, encoding, separator, latin=False) -> bytes:
    lines = [separator.join(row) for row in [HEADER, *rows]]
    text = "\r\n".join(lines) + "\r\n"
    return (to_latin(text) if latin else text).encode(encoding)


def xlsx_file(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append([cell or None for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FILES = {
    "utf-8 with BOM, ;": lambda: text_file(ROWS, encoding="utf-8-sig", separator=";"),
    "Windows-1250 Latin, ;": lambda: text_file(
        ROWS, encoding="cp1250", separator=";", latin=True
    ),
    "Windows-1251 Cyrillic, ;": lambda: text_file(
        ROWS, encoding="cp1251", separator=";"
    ),
    "UTF-16 Unicode text, tab": lambda: text_file(
        ROWS, encoding="utf-16", separator="\t"
    ),
    "XLSX": lambda: xlsx_file(ROWS),
}


@pytest.fixture
def held(make_training):
    return make_training(
        days=-20,
        capacity=3,  # fewer seats than people on the sheet: they were there
        status="held",
        accreditation_number="153-02-00123/2025-01",
        points_passive=4,
        points_active=6,
    )


@pytest.fixture
def staff_client(client, staff_user):
    assert client.login(email=staff_user.email, password=PASSWORD)
    return client


def state(training) -> tuple:
    return (
        sorted(training.registrations.values_list("pk", "user_id", "checked_in_at")),
        User.objects.count(),
        Attendance.objects.count(),
        OutboundEmail.objects.count(),
    )


@pytest.mark.parametrize("kind", FILES)
def test_the_hostile_sheet_of_a_held_training_imports_cleanly_in_any_format(
    kind, staff_client, staff_user, held, tmp_path
):
    data = FILES[kind]()
    name = "spisak.xlsx" if kind == "XLSX" else "spisak.csv"
    path = tmp_path / name
    path.write_bytes(data)
    before = state(held)

    # The command's preview and the web preview agree, and write nothing.
    by = ("--by", staff_user.email)
    call_command("import_participants", held.slug, str(path), *by, stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "import_participants", str(held.pk), str(path), "--json", *by, stdout=out
    )
    command = {r["row"]: r for r in json.loads(out.getvalue())["rows"]}
    response = preview(staff_client, held, name, data)
    web = outcomes(response)
    assert state(held) == before
    assert {row: o for row, (o, _r) in web.items()} == {
        row: r["outcome"] for row, r in command.items()
    }
    assert set(web) == set(GOOD) | set(BAD)  # empty rows are no rows
    for row, outcome in BAD.items():
        assert web[row][0] == outcome and web[row][1], row
    assert all(web[row][0] in ("created", "warning") for row in GOOD)
    assert web[6][0] == "warning"
    assert "12-AB" in web[6][1]
    assert ("Атлантида" if kind != "Windows-1250 Latin, ;" else "Atlantida") in (
        web[6][1]
    )
    assert command[6]["outcome"] == "warning" and command[6]["action"] == "created"

    done = staff_client.post(confirm_url(response))

    assert done.status_code == 200
    imported = {r.user.email: r for r in held.registrations.select_related("user")}
    assert len(imported) == len(GOOD)
    assert {f"{n}@example.org" for n in GOOD.values() if n} < set(imported)
    assert held.registrations.filter(checked_in_at__isnull=False).count() == 4
    points = dict(
        Attendance.objects.filter(registration__training=held)
        .exclude(licence_number="")
        .values_list("licence_number", "points")
    )
    assert points == POINTS
    assert not User.objects.filter(
        email__in=["dugi@example.org", "formula@example.org"]
    )

    # Again, on the web and from the command: nothing changes.
    after = state(held)
    again = outcomes(
        staff_client.post(confirm_url(preview(staff_client, held, name, data)))
    )
    assert {o for o, _r in again.values()} == {"duplicate", "error"}
    out = io.StringIO()
    call_command(
        "import_participants",
        held.slug,
        str(path),
        "--confirm",
        "--json",
        *by,
        stdout=out,
    )
    totals = json.loads(out.getvalue())["totals"]
    assert totals["created"] == totals["updated"] == totals["warning"] == 0
    assert totals["duplicate"] == len(GOOD) + 1 and totals["error"] == 3
    assert state(held) == after

    # The points reach the certificate and the Chamber package.
    for registration in held.registrations.all():
        registration_consent_record(
            registration=registration,
            consent_data=True,
            consent_chamber=True,
            source="link",
        )
    marija = held.registrations.get(user__email="marija@example.org")
    certificate = certificate_issue(registration=marija, notify=False)
    assert (certificate.points, certificate.licence_number) == (6, "01-2345")
    xlsx = staff_client.get(
        reverse("events:chamber_export_download", args=[held.pk, "attendance_xlsx"])
    )
    cells = list(
        load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
    )
    by_licence = {cell: row for row in cells for cell in row if cell in POINTS}
    assert set(by_licence) == set(POINTS)
    for licence, value in POINTS.items():
        assert value in by_licence[licence]
    pdf = staff_client.get(
        reverse("events:chamber_export_download", args=[held.pk, "report_pdf"])
    )
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert all(licence in text for licence in POINTS)
