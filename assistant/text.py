"""Serbian text for matching: one script, no diacritics, Snowball stems.

Every word goes through the same steps, for the content and for a question:
Cyrillic to Latin (``lms.text``), diacritics folded ("četiri", "cetiri" and
"четири" become "cetiri"), lower case, then the Serbian stemmer. Folding
comes before stemming so that a word typed without diacritics gets exactly the
stem of the same word typed with them.

The stemmer is the database's where it has one: on PostgreSQL, the dictionary
of its ``serbian`` text-search configuration (``serbian_stem``, read with
``ts_lexize``, one query for all the new words of a text); elsewhere the same
Snowball Serbian algorithm from ``snowballstemmer``. Stems are kept per
process, so a question costs at most one query, and usually none.
"""

import re
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.utils.html import escape

from lms.text import search_key

_STEMMER = snowballstemmer.stemmer("serbian")
# Words (letters and digits) in any script; apostrophes and hyphens split.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Words that carry no topic (Serbian in Latin without diacritics, and English).
STOPWORDS = frozenset(
    """
    a ako ali bi bih bio bila bilo biti da dok do ga i ih ili iz ja je jer jesu
    joj ju k kad kada kako kao koja koje koji kojoj koju kom koga kod li me mi
    mogu moze mozemo moj moja moje na nad nam nas ne nego neki neko nesto ni nije
    niti o od on ona one oni ono ovaj ova ovo ovde pa po pod pre prema sa se si sta
    su sve svi ta taj te ti to tu u uz vam vas vi za zasto sto sam smo ste treba
    trebam trebalo hocu hoce imam ima imaju kojim kojima nekoga nekome nam onda
    evo eto jel jeli gde kome cemu cega ko sta koliko koliki kakav kakva kakvo
    moram moramo mora postoji postoje nekom neko bez sada odmah
    the a an of to in on for and or is are be what how who whom which when where
    why do does i me my we you your it this that with at by as can should
    """.split()
)


PG_CONFIGURATION = "serbian"
_MAX_KEPT = 200_000
# Stems by database vendor, then by folded word.
_kept: dict[str, dict[str, str]] = {}


def stemmer_name() -> str:
    """Which stemmer words go through here (for tests and the evaluation)."""
    if connection.vendor == "postgresql":
        return f"postgresql:{PG_CONFIGURATION}:{_pg_dictionary()}"
    return "snowballstemmer:serbian"


_PG_WORD_DICTIONARY = """
SELECT d.dictname FROM pg_ts_config_map m
JOIN pg_ts_config c ON c.oid = m.mapcfg
JOIN pg_ts_dict d ON d.oid = m.mapdict
JOIN ts_token_type('default') t ON t.tokid = m.maptokentype
WHERE c.cfgname = %s AND t.alias = 'asciiword'
ORDER BY m.mapseqno LIMIT 1
"""
_pg: dict[str, str] = {}


def _pg_dictionary() -> str:
    """The dictionary PostgreSQL's ``serbian`` configuration stems words with
    (``serbian_stem``, its Snowball stemmer; psql: ``\\dF+ serbian``)."""
    if "dictionary" not in _pg:
        with connection.cursor() as cursor:
            cursor.execute(_PG_WORD_DICTIONARY, [PG_CONFIGURATION])
            row = cursor.fetchone()
        if row is None:
            raise RuntimeError(
                f"PostgreSQL has no {PG_CONFIGURATION!r} text-search configuration"
            )
        _pg["dictionary"] = row[0]
    return _pg["dictionary"]


def _database_stems(words: list[str]) -> dict[str, str]:
    dictionary = _pg_dictionary()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, ts_lexize(%s::regdictionary, w) FROM unnest(%s::text[]) AS w",
            [dictionary, words],
        )
        # An empty answer (a word the dictionary drops) keeps the word.
        return {word: (lexemes[0] if lexemes else word) for word, lexemes in cursor}


def stems(words: list[str]) -> list[str]:
    """The stems of folded words, in order (short words and numbers as they are)."""
    kept = _kept.setdefault(connection.vendor, {})
    new = list({w for w in words if w not in kept and len(w) > 2 and not w.isdigit()})
    if new:
        if len(kept) > _MAX_KEPT:
            kept.clear()
        if connection.vendor == "postgresql":
            kept.update(_database_stems(new))
        else:
            kept.update((word, _STEMMER.stemWord(word)) for word in new)
    return [kept.get(word, word) for word in words]


def stem(word: str) -> str:
    """The stem of one folded word."""
    return stems([word])[0]


def fold(text: str) -> str:
    """One script, no diacritics, lower case: the form every match uses."""
    return search_key(text)


def words(text: str) -> list[str]:
    """The folded words of ``text``, stopwords included."""
    return fold(text).split()


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """The stems of ``text`` in order, without stopwords."""
    return stems(
        [word for word in words(text) if keep_stopwords or word not in STOPWORDS]
    )


@lru_cache(maxsize=100_000)
def _folded_word(word: str) -> str | None:
    parts = fold(word).split()
    return parts[0] if parts else None


def word_term(word: str) -> str | None:
    """The stem one displayed word matches under, or None for a stopword."""
    folded = _folded_word(word)
    if folded is None or folded in STOPWORDS:
        return None
    return stem(folded)


def highlight(text: str, wanted: set[str]) -> str:
    """``text`` escaped, with the words whose stem is in ``wanted`` in ``<mark>``."""
    stems(fold(text).split())  # every new word's stem in one go
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        out.append(escape(text[position : match.start()]))
        word = match.group(0)
        term = word_term(word)
        if term is not None and term in wanted:
            out.append(f"<mark>{escape(word)}</mark>")
        else:
            out.append(escape(word))
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)
