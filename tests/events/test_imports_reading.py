"""Files as Serbian Excel and editors save them: encodings, separators, formulas."""

import io
import zipfile

import pytest

from events.imports import ImportFileError, participants_parse
from events.imports.matching import (
    References,
    institution_match,
    municipality_match,
)
from events.imports.reading import separator_sniff

LATIN = "Ime;Prezime;E-pošta;Opština\nĐorđe;Šušić;djordje@example.org;Čačak\n"
CYRILLIC = "Име;Презиме;Е-пошта;Општина\nЂорђе;Шушић;djordje@example.org;Чачак\n"


@pytest.mark.parametrize(
    ("text", "encoding", "prefix"),
    [
        (LATIN, "utf-8", b""),
        (LATIN, "utf-8", b"\xef\xbb\xbf"),
        (CYRILLIC, "utf-8", b"\xef\xbb\xbf"),
        (LATIN, "cp1250", b""),
        (CYRILLIC, "cp1251", b""),
        (LATIN.replace(";", "\t"), "utf-16", b""),  # Excel's "Unicode text"
        (CYRILLIC.replace(";", "\t"), "utf-16", b""),
        (LATIN.replace(";", ","), "cp1250", b""),
        (CYRILLIC.replace("\n", "\r\n"), "cp1251", b""),
    ],
)
def test_a_list_in_any_encoding_and_separator_reads_as_written(text, encoding, prefix):
    rows = participants_parse(name="spisak.csv", data=prefix + text.encode(encoding))

    expected = text.splitlines()[1].replace("\t", ";").replace(",", ";").split(";")
    values = rows[0].values
    assert [
        values["first_name"],
        values["last_name"],
        values["email"],
        values["municipality"],
    ] == expected


@pytest.mark.parametrize(
    ("line", "separator"),
    [("Ime;Prezime", ";"), ("Ime,Prezime", ","), ("Ime\tPrezime", "\t")],
)
def test_the_separator_is_taken_from_the_header(line, separator):
    assert separator_sniff(f"\n{line}\nA,B;C\tD\n") == separator


def test_headers_in_english_and_in_any_order_are_read():
    data = b"Gender,E-mail,Surname,Name,Licence number\nf,a@b.rs,Ani\xc4\x87,Ana,123\n"

    row = participants_parse(name="list.csv", data=data)[0]

    assert row.values == {
        "gender": "f",
        "email": "a@b.rs",
        "last_name": "Anić",
        "first_name": "Ana",
        "licence_number": "123",
    }


def test_a_file_without_name_or_email_columns_is_refused():
    with pytest.raises(ImportFileError):
        participants_parse(name="x.csv", data=b"kolona;druga\n1;2\n")


def _xlsx(sheet_data: str) -> bytes:
    from tests.events.test_import_limits import PARTS, SHEET_HEAD

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f"{SHEET_HEAD}<sheetData>{sheet_data}</sheetData></worksheet>",
        )
    return buffer.getvalue()


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_formula_cells_read_their_saved_value_or_are_flagged():
    data = _xlsx(
        '<row r="1">' + _text("A1", "Ime") + _text("B1", "Prezime")
        + _text("C1", "Broj licence") + "</row>"
        '<row r="2">' + _text("A2", "Ана") + _text("B2", "Анић")
        + '<c r="C2"><f>1000+234</f><v>1234</v></c></row>'
        '<row r="3">' + _text("A3", "Мила") + _text("B3", "Мић")
        + '<c r="C3"><f>1000+235</f></c></row>'
    )  # fmt: skip

    first, second = participants_parse(name="spisak.xlsx", data=data)

    assert first.values["licence_number"] == "1234" and first.formulas == []
    assert second.values["licence_number"] == "" and second.formulas == [
        "licence_number"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["ЦСR Чачак", "ЦСР Чачак", "CSR Čačak", "csr cacak", "ЦСР  ЧАЧАК"]
)
def test_an_institution_is_found_in_either_script_and_with_look_alikes(typed):
    institution, new = institution_match(References.load(), typed)

    assert institution.name == "ЦСR Чачак" and new == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "found"),
    [("Prokuplje", "Прокупље"), ("Grad Niš", "Ниш"), ("ЧАЧАК", "Чачак")],
)
def test_a_municipality_is_found_in_either_script(typed, found):
    municipality, warning = municipality_match(References.load(), typed)

    assert municipality.name == found and warning is None


@pytest.mark.django_db
def test_an_unknown_municipality_is_flagged_with_a_suggestion():
    municipality, warning = municipality_match(References.load(), "Прокупјле")

    assert municipality is None and "Прокупље" in warning


def test_a_cyrillic_list_the_detector_finds_messy_is_still_read_as_windows_1251():
    # A 200-letter name and a Latin R among Cyrillic letters once made the
    # detector give up, and the file was refused as unreadable.
    text = "Име;Презиме;Установа\r\n" + f"{'Д' * 200};Дугачки;ЦСR Чачак\r\n" * 3

    rows = participants_parse(name="spisak.csv", data=text.encode("cp1251"))

    assert rows[0].values["last_name"] == "Дугачки"
    assert rows[0].values["institution"] == "ЦСR Чачак"
