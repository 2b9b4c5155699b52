"""Serbian alphabetical order (azbuka / abeceda) for names in either script.

Databases sort Cyrillic by code point, which puts Ђ, Ј, Љ, Њ, Ћ and Џ before
А. ``serbian_sort_key`` orders by the Serbian alphabet instead:
А Б В Г Д Ђ Е Ж З И Ј К Л Љ М Н Њ О П Р С Т Ћ У Ф Х Ц Ч Џ Ш, with Latin names
placed as their Cyrillic spelling (A B C Č Ć D Dž Đ … follows from it for
names that exist in both scripts). PyICU would do the same, but is not
installed; the lists it sorts (municipalities, institutions) are short.
"""

import re

AZBUKA = "абвгдђежзијклљмнњопрстћуфхцчџш"
_ORDER = {letter: index for index, letter in enumerate(AZBUKA)}
_LATIN_DIGRAPHS = re.compile(r"dž|lj|nj")
_LATIN = {
    "dž": "џ", "lj": "љ", "nj": "њ",
    "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д", "đ": "ђ",
    "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ј", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
    "š": "ш", "t": "т", "u": "у", "v": "в", "z": "з", "ž": "ж",
}  # fmt: skip


def _as_cyrillic(text: str) -> str:
    text = _LATIN_DIGRAPHS.sub(lambda m: _LATIN[m.group(0)], text.casefold())
    return "".join(_LATIN.get(char, char) for char in text)


def serbian_sort_key(text: str) -> tuple:
    """A sort key that orders ``text`` as a Serbian dictionary does.

    Case is ignored (then breaks ties); spaces and punctuation come before
    digits, digits before letters, letters outside the Serbian alphabet after
    them.
    """
    key = []
    for char in _as_cyrillic(text or ""):
        if char in _ORDER:
            key.append((2, _ORDER[char]))
        elif char.isdigit():
            key.append((1, ord(char)))
        elif char.isalpha():
            key.append((3, ord(char)))
        else:
            key.append((0, 0))
    return (tuple(key), text or "")


def serbian_sorted(items, key=str) -> list:
    """``items`` in Serbian alphabetical order of ``key(item)``."""
    return sorted(items, key=lambda item: serbian_sort_key(key(item)))
