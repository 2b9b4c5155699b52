"""Normalisation and stemming: one script, no diacritics, same stems."""

import pytest

from assistant import privacy
from assistant.text import highlight, terms

# On PostgreSQL the stems come from the database (its serbian configuration).
pytestmark = pytest.mark.django_db


def test_cyrillic_latin_and_latin_without_diacritics_give_the_same_terms():
    cyrillic = terms("Четири жртве трговине људима у центру за социјални рад")
    latin = terms("Četiri žrtve trgovine ljudima u centru za socijalni rad")
    ascii_only = terms("cetiri zrtve trgovine ljudima u centru za socijalni rad")
    assert cyrillic == latin == ascii_only
    assert "u" not in cyrillic  # a stopword carries no topic


def test_inflected_forms_share_a_stem():
    assert terms("индикатори") == terms("indikatora") == terms("индикатор")


def test_highlight_marks_matching_words_and_escapes_everything_else():
    html = highlight("<b>Жртве</b> & индикатори", set(terms("zrtva indikator")))
    assert "<b>" not in html
    assert "&lt;b&gt;" in html and "&amp;" in html
    assert "<mark>Жртве</mark>" in html
    assert "<mark>индикатори</mark>" in html


def test_personal_data_is_masked_in_kept_questions():
    masked = privacy.mask(
        "Da li je Marko Petrović žrtva? Zovite 064 123 4567 ili marko@example.org"
    )
    assert "Marko" not in masked and "Petrović" not in masked
    assert "064" not in masked and "example.org" not in masked
    assert masked.startswith("Da li je")


def test_without_postgresql_the_snowball_serbian_stemmer_is_used():
    from django.db import connection

    from assistant import text

    if connection.vendor == "postgresql":
        assert text.stemmer_name().startswith("postgresql:serbian")
    else:
        assert text.stemmer_name() == "snowballstemmer:serbian"
        assert text.stems(["bodova", "cetiri", "ab", "388"]) == [
            "bodov",
            "cetir",
            "ab",
            "388",
        ]
