"""English questions, read through a bilingual lexicon staff keep.

The content is Serbian and no translation model may be downloaded, so an
English question is rewritten into the Serbian words the content uses: each
English word or phrase found in the lexicon (``LexiconEntry``, seeded from
``data/lexicon_en.txt``) is replaced by its Serbian words, the longest phrase
first; English function words go; other words (names, numbers, "Palermo")
stay, and still meet the synonyms, which hold English terms too. The result
then goes through the same Serbian matching as any question.

English words are compared by their Snowball English stems, so "points",
"point" and "pointing" meet the same entry.
"""

import re
from functools import lru_cache

import snowballstemmer

from assistant.text import fold

_ENGLISH = snowballstemmer.stemmer("english")
MAX_PHRASE = 4

# Words only English has (not "a", "i", "to", "do", "on", "me", "je": Serbian
# has them too). A question with enough of them is read as English.
FUNCTION_WORDS = frozenset(
    """
    the an what how who whom whose which when where why does did is are was were
    be been being should would could can may might must shall will of in for
    with about from into at by as if than then there their they them this that
    these those my your our his her its we you he she it get gets got give gives
    many much any some every each have has had need needs want wants after
    before first also not or and
    """.split()
)
# English words Serbian has too: English only beside a word only English has.
SHARED_WORDS = frozenset({"a", "i", "to", "do", "on", "me", "so", "up", "just"})
# In a question already read as English, these go too.
DROPPED = FUNCTION_WORDS | SHARED_WORDS
_NOT_ENGLISH = re.compile(r"[\u0400-\u04ffčćšžđČĆŠŽĐ]")
_ASCII_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=20_000)
def english_stem(word: str) -> str:
    return _ENGLISH.stemWord(word)


def key(phrase: str) -> tuple[str, ...]:
    """How an English phrase is looked up: its folded words' English stems."""
    return tuple(english_stem(word) for word in fold(phrase).split())


def looks_english(text: str, lexicon: dict | None = None) -> bool:
    """True for a question written in English: no Serbian letters, a word only
    English has, and enough English words (function words, words Serbian
    shares such as "a" or "to", and the lexicon's words) among all."""
    if _NOT_ENGLISH.search(text):
        return False
    words = _ASCII_WORD.findall(text.lower())
    strong = sum(word in FUNCTION_WORDS for word in words)
    if not strong:
        return False
    shared = sum(word in SHARED_WORDS for word in words)
    known = sum((english_stem(word),) in (lexicon or {}) for word in words)
    return (strong + shared + known) / len(words) >= 0.4


def lexicon_parse(lines: str) -> dict[tuple[str, ...], str]:
    """``english = српски, српски`` lines as lookup keys → Serbian words."""
    lexicon: dict[tuple[str, ...], str] = {}
    for line in lines.splitlines():
        if line.lstrip().startswith("#") or "=" not in line:
            continue
        english, _sep, serbian = line.partition("=")
        if key(english) and serbian.strip():
            lexicon[key(english)] = " ".join(serbian.replace(",", " ").split())
    return lexicon


def translate(text: str, lexicon: dict[tuple[str, ...], str]) -> str:
    """``text`` with the English words the lexicon knows in Serbian."""
    words = fold(text).split()
    stems = [english_stem(word) for word in words]
    out: list[str] = []
    position = 0
    while position < len(words):
        for size in range(min(MAX_PHRASE, len(words) - position), 0, -1):
            serbian = lexicon.get(tuple(stems[position : position + size]))
            if serbian:
                out.append(serbian)
                position += size
                break
        else:
            if words[position] not in DROPPED:
                out.append(words[position])
            position += 1
    return " ".join(out)
