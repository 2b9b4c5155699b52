"""Serbian text for matching: one script, no diacritics, Snowball stems.

Every word goes through the same steps, for the content and for a question:
Cyrillic to Latin (``lms.text``), diacritics folded ("četiri", "cetiri" and
"четири" become "cetiri"), lower case, then the Snowball Serbian stemmer. Folding
comes before stemming so that a word typed without diacritics gets exactly the
stem of the same word typed with them.
"""

import re
from functools import lru_cache

import snowballstemmer
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


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of one folded word (cached: the vocabulary is small)."""
    if len(word) <= 2 or word.isdigit():
        return word
    return _STEMMER.stemWord(word)


def fold(text: str) -> str:
    """One script, no diacritics, lower case: the form every match uses."""
    return search_key(text)


def words(text: str) -> list[str]:
    """The folded words of ``text``, stopwords included."""
    return fold(text).split()


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """The stems of ``text`` in order, without stopwords."""
    return [
        stem(word) for word in words(text) if keep_stopwords or word not in STOPWORDS
    ]


def word_term(word: str) -> str | None:
    """The stem one displayed word matches under, or None for a stopword."""
    parts = fold(word).split()
    if not parts or parts[0] in STOPWORDS:
        return None
    return stem(parts[0])


def highlight(text: str, wanted: set[str]) -> str:
    """``text`` escaped, with the words whose stem is in ``wanted`` in ``<mark>``."""
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
