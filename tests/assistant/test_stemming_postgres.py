"""On PostgreSQL, words are stemmed by its own ``serbian`` text-search
configuration; on SQLite by the same Snowball algorithm in Python."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistant import answers, text

WORDS = ["četiri", "cetiri", "четири", "bodova", "licence", "ucesnik", "ljudima"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's serbian configuration exists only on PostgreSQL",
    ),
]


def _postgres_stems(words: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, to_tsvector('serbian', w)::text FROM unnest(%s::text[]) AS w",
            [words],
        )
        found = dict(cursor.fetchall())
    # to_tsvector('serbian', 'bodova') is "'bodov':1"
    return [found[word].split("'")[1] for word in words]


@pytest.mark.django_db
def test_words_are_stemmed_by_postgresqls_serbian_configuration():
    folded = [text.fold(word) for word in WORDS]

    assert text.stemmer_name() == "postgresql:serbian:serbian_stem"
    assert text.stems(folded) == _postgres_stems(folded)


@pytest.mark.django_db
def test_new_words_cost_one_query_and_known_ones_none():
    new = ["trgovinom", "ljudskim", "eksploatacijom"]
    text._kept.get("postgresql", {}).clear()

    with CaptureQueriesContext(connection) as first:
        text.stems(new)
    with CaptureQueriesContext(connection) as again:
        text.stems(new)

    assert sum("ts_lexize" in q["sql"] for q in first.captured_queries) == 1
    assert not again.captured_queries


@pytest.mark.usefixtures("indexed")
def test_the_three_ways_of_writing_match_alike_on_postgresql():
    found = {
        question: answers.ask(question).passages[0]["document"]
        for question in (
            "Да ли је пристанак важан када је употребљено средство?",
            "Da li je pristanak važan kada je upotrebljeno sredstvo?",
            "da li je pristanak vazan kada je upotrebljeno sredstvo",
        )
    }
    assert set(found.values()) == {"lesson:pristanak"}
