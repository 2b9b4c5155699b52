"""Cyrillic→Latin transliteration of text and HTML, and script-independent keys."""

import pytest

from lms.models import Institution
from lms.text import fix_lookalikes, html_to_latin, search_key, to_latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Љ", "Lj"),
        ("Њ", "Nj"),
        ("Џ", "Dž"),
        ("љ њ џ ђ ћ ч ш ж", "lj nj dž đ ć č š ž"),
        ("Љубојевић Његош Џеп", "Ljubojević Njegoš Džep"),
        ("ЉУБОЈЕВИЋ ЊЕГОШ ЏЕП", "LJUBOJEVIĆ NJEGOŠ DŽEP"),
        ("ЦСР НОВИ САД", "CSR NOVI SAD"),
        ("ЉУБИША-ЏОНИ", "LJUBIŠA-DŽONI"),
        ("Тргoвина људима, 2025.", "Trgovina ljudima, 2025."),
    ],
)
def test_to_latin(cyrillic, latin):
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize("text", ["", "Centar za socijalni rad Niš", "12345"])
def test_to_latin_leaves_text_without_cyrillic_alone(text):
    assert to_latin(text) == text


def test_html_to_latin_transliterates_the_text_people_read():
    html = "<h1>Обука у Нишу</h1><p>Трговина <strong>људима</strong></p>"

    assert html_to_latin(html) == (
        "<h1>Obuka u Nišu</h1><p>Trgovina <strong>ljudima</strong></p>"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<img src="/media/слика.png" alt="Лого Центра">',
            '<img src="/media/слика.png" alt="Logo Centra">',
        ),
        ('<a title="Почетна" href="/">x</a>', '<a title="Početna" href="/">x</a>'),
        (
            '<input name="q" placeholder="Претрага">',
            '<input name="q" placeholder="Pretraga">',
        ),
        (
            '<button aria-label="Затвори">×</button>',
            '<button aria-label="Zatvori">×</button>',
        ),
        (
            '<select><optgroup label="Нишавски управни округ">'
            '<option value="1">Ниш</option></optgroup></select>',
            '<select><optgroup label="Nišavski upravni okrug">'
            '<option value="1">Niš</option></optgroup></select>',
        ),
    ],
)
def test_html_to_latin_transliterates_attributes_people_read(html, expected):
    assert html_to_latin(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<a href="/обуке/ниш/?q=Љубовија">',
        '<div class="ћирилица" id="одељак" data-name="Ниш">',
        '<input type="text" name="institution_name" value="ЦСР Ниш">',
        '<textarea name="comment">Љиљана &amp; Њеж\nџ</textarea>',
        '<script>const title = "Обука"; if (a < b) {}</script>',
        "<style>.Ш::before { content: 'Ш'; }</style>",
        "<pre>ЉУБОЈЕВИЋ</pre>",
        '<span translate="no">Ћирилица</span>',
    ],
)
def test_html_to_latin_leaves_addresses_data_input_and_code_alone(html):
    assert html_to_latin(html) == html


def test_html_to_latin_keeps_translate_no_for_the_whole_element():
    html = '<span translate="no">Јован <span>Ђорђевић</span> Ђурић</span> Ђаковица'

    assert html_to_latin(html) == (
        '<span translate="no">Јован <span>Ђорђевић</span> Ђурић</span> Đakovica'
    )


def test_html_to_latin_resumes_after_an_element_with_unclosed_children():
    html = '<ul translate="no"><li>Ћирилица<li>Ћ</ul><p>Латиница'

    assert html_to_latin(html) == '<ul translate="no"><li>Ћирилица<li>Ћ</ul><p>Latinica'


def test_html_to_latin_continues_after_a_raw_element():
    html = "<textarea>Ниш</textarea><p>Ниш</p><script>'Ниш'</script>Ниш"

    assert (
        html_to_latin(html)
        == "<textarea>Ниш</textarea><p>Niš</p><script>'Ниш'</script>Niš"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Ниш&nbsp;&mdash; Пирот", "Niš&nbsp;&mdash; Pirot"),
        (
            "&#8222;Шабац&#8220; &#x201E;Чачак&#x201C;",
            "&#8222;Šabac&#8220; &#x201E;Čačak&#x201C;",
        ),
        ("Рибе &amp; ракови &lt;3", "Ribe &amp; rakovi &lt;3"),
        ('<a title="Ниш &amp; Пирот">', '<a title="Niš &amp; Pirot">'),
    ],
)
def test_html_to_latin_preserves_entities(html, expected):
    assert html_to_latin(html) == expected


def test_html_to_latin_keeps_the_document_structure():
    html = (
        '<!DOCTYPE html>\n<html lang="sr-Latn"><head><title>Обуке</title></head>'
        "<body><!-- Ћирилица у коментару --><br><p>Крај</p></body></html>"
    )

    assert html_to_latin(html) == (
        '<!DOCTYPE html>\n<html lang="sr-Latn"><head><title>Obuke</title></head>'
        "<body><!-- Ћирилица у коментару --><br><p>Kraj</p></body></html>"
    )


@pytest.mark.parametrize(
    "variants",
    [
        ["ЦSR Нова Варош", "CSR Nova Varoš", "ЦСР Нова Варош", "csr nova varos"],
        [
            "Центар за социјални рад Ниш",
            "Centar za socijalni rad Niš",
            "CENTAR ZA SOCIJALNI RAD NIS",
        ],
        ["Ђорђевић", "Đorđević", "Djordjevic", "djordjević"],
        ["Дом здравља „Др Симо Милошевић“", "Dom zdravlja Dr Simo Milošević"],
    ],
)
def test_search_key_is_the_same_in_either_script(variants):
    keys = {search_key(variant) for variant in variants}

    assert len(keys) == 1, keys


def test_search_key_keeps_different_names_apart():
    assert search_key("ЦСР Ниш") != search_key("ЦСР Пирот")
    assert search_key("ЦСР Ниш") == "csr nis"


def test_lookalike_latin_letters_are_fixed_only_inside_cyrillic_words():
    assert fix_lookalikes("ЦSR Нова") == "ЦСР Нова"
    assert fix_lookalikes("CSR Nova") == "CSR Nova"


def test_institutions_match_a_name_typed_in_either_script(db):
    names = set(Institution.objects.matching("csr nis").values_list("name", flat=True))

    assert "ЦСР Ниш" in names
    assert all(search_key("ЦСР Ниш") in search_key(name) for name in names)


def test_the_page_description_is_transliterated_but_other_meta_content_is_not():
    from lms.text import html_to_latin

    html = '<meta name="description" content="Обуке"><meta name="x" content="Ћ">'

    assert html_to_latin(html) == (
        '<meta name="description" content="Obuke"><meta name="x" content="Ћ">'
    )
