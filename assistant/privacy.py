"""Masking personal data in questions kept for staff.

A question may name a person, give a phone number or an e-mail address even
though nobody asked for it. What is kept shows the shape of the question only.
"""

import re

from django.utils.translation import gettext as _

from assistant.text import STOPWORDS, fold, stem

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Six or more digits, with the spaces, slashes, dots and dashes people type.
_PHONE = re.compile(r"\+?\d[\d\s/().-]{4,}\d")
# A capitalised word: a name when it does not start a sentence. All-capital
# short words (ЦСР, МУП) are abbreviations, not names.
_CAPITALISED = re.compile(r"\b[^\W\d_][^\W\d_'’-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:]\s*$")


def mask(text: str, *, vocabulary: frozenset[str] = frozenset()) -> str:
    """``text`` with e-mail addresses, phone numbers and names masked.

    Inside a sentence every capitalised word is taken for a name. A sentence's
    first word is kept when it is a common word (a question word, or a word
    of the platform's content in ``vocabulary``), so "Indikatori za decu?"
    stays readable while "Marko mi je rekao…" loses the name.
    """
    text = _EMAIL.sub(_("[e-mail]"), text)
    text = _PHONE.sub(_("[phone]"), text)
    return _mask_names(text, vocabulary)


def _common(word: str, vocabulary: frozenset[str]) -> bool:
    folded = fold(word)
    return folded in STOPWORDS or stem(folded) in vocabulary


def _mask_names(text: str, vocabulary: frozenset[str]) -> str:
    out: list[str] = []
    position = 0
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        before = text[: match.start()]
        starts_sentence = not before.strip() or _SENTENCE_END.search(before)
        is_name = (
            word[0].isupper()
            and not (word.isupper() and len(word) <= 5)
            and not (starts_sentence and _common(word, vocabulary))
        )
        out.append(text[position : match.start()])
        out.append(_("[name]") if is_name else word)
        position = match.end()
    out.append(text[position:])
    return "".join(out)
