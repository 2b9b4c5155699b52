"""Hostile participant lists: size and row caps, streamed parsing, no partial saves."""

import io
import zipfile

import pytest
from django.utils.html import escape

from events.imports import participants_parse
from tests.conftest import PASSWORD
from tests.events.import_helpers import UNREADABLE_MESSAGE, upload
from tests.helpers import sr_fragment

ROWS_MESSAGE = (
    "The list has more than %(max)s rows. Split it into smaller files and import "
    "them one by one."
)
UNPACKED_MESSAGE = (
    "The workbook holds too much data (more than %(size)s unpacked). Save only "
    "the participant list in a new file."
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.'
        "openxmlformats.org/officeDocument/2006/relationships/officeDocument"
        '" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Spisak" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.'
        "openxmlformats.org/officeDocument/2006/relationships/worksheet"
        '" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


SHARED_STRINGS_PARTS = {
    "[Content_Types].xml": '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'sharedStrings+xml"/>',
    "xl/_rels/workbook.xml.rels": '<Relationship Id="rId2" Type="http://schemas.'
    "openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    '" Target="sharedStrings.xml"/>',
}


SAME_ROW = b'<row><c t="inlineStr"><is><t>a@b.rs</t></is></c></row>'


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def crafted_xlsx(
    rows: int,
    *,
    dimension: str | None = None,
    filler: str = "",
    same: bool = False,
    shared_strings: int = 0,
    broken: bool = False,
) -> bytes:
    """A tiny XLSX written by hand: a header, then ``rows`` people (streamed).

    With ``same``, every row is the same bytes (no row numbers: they are
    optional), so the file compresses to almost nothing.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            if shared_strings and name in SHARED_STRINGS_PARTS:
                head, tail = text.rsplit("</", 1)  # before the closing tag
                text = f"{head}{SHARED_STRINGS_PARTS[name]}</{tail}"
            archive.writestr(name, text)
        if shared_strings:
            archive.writestr(
                "xl/sharedStrings.xml",
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                'main">' + "<si><t>a</t></si>" * shared_strings + "</sst>",
            )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_HEAD.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            header = _cell("A1", "email") + _cell("B1", "ime") + _cell("C1", "prezime")
            sheet.write(f'<row r="1">{header}</row>'.encode())
            for n in range(2, rows + 2):
                if same:
                    sheet.write(SAME_ROW)
                    continue
                cells = (
                    _cell(f"A{n}", f"osoba{n}@example.org")
                    + _cell(f"B{n}", "Ана" + filler)
                    + _cell(f"C{n}", "Анић")
                )
                sheet.write(f'<row r="{n}">{cells}</row>'.encode())
            if not broken:  # else the XML stops in the middle of a row
                sheet.write(b"</sheetData></worksheet>")
            else:
                sheet.write(b'<row r="999"><c r="A999" t="inl')
    return buffer.getvalue()


@pytest.fixture
def staff_client(client, staff_user):
    assert client.login(email=staff_user.email, password=PASSWORD)
    return client


def test_a_tiny_xlsx_with_200000_rows_stops_at_the_row_cap_and_saves_nothing(
    staff_client, make_training, settings
):
    settings.IMPORT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # only rows count here
    training = make_training(capacity=10)
    data = crafted_xlsx(200_000, same=True)
    assert len(data) < 100_000  # far under the upload cap

    response = upload(staff_client, training, "spisak.xlsx", data)

    html = response.content.decode()
    assert escape(sr_fragment(ROWS_MESSAGE)) in html
    assert "1000" in html
    assert not training.registrations.exists()


def test_a_tiny_xlsx_with_a_million_rows_is_refused_and_saves_nothing(
    staff_client, make_training
):
    training = make_training(capacity=10)
    data = crafted_xlsx(1_000_000, same=True)
    assert len(data) < 200_000

    response = upload(staff_client, training, "spisak.xlsx", data)

    html = response.content.decode()
    assert escape(sr_fragment(UNPACKED_MESSAGE)) in html
    assert not training.registrations.exists()


def test_a_shared_string_table_past_what_a_list_needs_is_refused(
    staff_client, make_training, settings
):
    settings.IMPORT_MAX_ROWS = 10  # a list of 10 rows needs a few hundred strings
    training = make_training(capacity=10)
    data = crafted_xlsx(2, shared_strings=5_000)

    response = upload(staff_client, training, "spisak.xlsx", data)

    html = response.content.decode()
    assert escape(sr_fragment(UNPACKED_MESSAGE)) in html
    assert not training.registrations.exists()


def test_a_csv_over_the_row_cap_saves_nothing(staff_client, make_training, settings):
    settings.IMPORT_MAX_ROWS = 3
    training = make_training(capacity=10)
    lines = ["email;ime;prezime"] + [f"o{n}@example.org;Ана;Анић" for n in range(4)]

    response = upload(staff_client, training, "spisak.csv", "\n".join(lines).encode())

    assert escape(sr_fragment(ROWS_MESSAGE)) in (response.content.decode())
    assert not training.registrations.exists()


def test_a_list_exactly_at_the_row_cap_is_imported(
    staff_client, make_training, settings
):
    settings.IMPORT_MAX_ROWS = 3
    training = make_training(capacity=10)

    upload(staff_client, training, "spisak.xlsx", crafted_xlsx(3))

    assert training.registrations.count() == 3


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(
    staff_client, make_training
):
    training = make_training(capacity=10)
    data = b"email;ime;prezime\n" + b"ana@example.org;Ana;Anic\n" * 90_000
    assert len(data) > 2 * 1024 * 1024

    response = upload(staff_client, training, "spisak.csv", data)

    html = response.content.decode()
    assert (
        escape(
            sr_fragment(
                "The file is larger than %(size)s. Split the list into smaller files."
            )
        )
        in html
    )
    assert not training.registrations.exists()


def test_an_xlsx_that_unpacks_to_too_much_is_refused(staff_client, make_training):
    training = make_training(capacity=10)
    data = crafted_xlsx(2, filler="а" * 12_000_000)  # ~24 MB of XML in a few KB
    assert len(data) < 200_000

    response = upload(staff_client, training, "spisak.xlsx", data)

    html = response.content.decode()
    assert escape(sr_fragment(UNPACKED_MESSAGE)) in html
    assert not training.registrations.exists()


@pytest.mark.parametrize("dimension", ["A1:C2", "A1:XFD1048576"])
def test_the_stored_dimension_is_not_believed(dimension):
    rows = participants_parse(
        name="spisak.xlsx", data=crafted_xlsx(5, dimension=dimension)
    )

    assert [row.values["email"] for row in rows] == [
        f"osoba{n}@example.org" for n in range(2, 7)
    ]


def test_a_workbook_broken_after_its_first_rows_saves_nothing(
    staff_client, make_training
):
    training = make_training(capacity=10)
    data = crafted_xlsx(3, broken=True)

    response = upload(staff_client, training, "spisak.xlsx", data)

    assert response.status_code == 200
    assert escape(sr_fragment(UNREADABLE_MESSAGE)) in response.content.decode()
    assert not training.registrations.exists()
