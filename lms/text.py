"""Serbian text: Cyrillic→Latin transliteration and script-independent matching.

Content is written once, in Cyrillic; Latin is produced from it. ``cyrtranslit``
does the letters; this module adds what it gets wrong (all-capital words need
LJ/NJ/DŽ, not Lj/Nj/Dž) and knows to leave markup alone.
"""

import re
import unicodedata
from html.parser import HTMLParser

import cyrtranslit

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# A run of letters (Cyrillic, Latin or digits) that may need upper-casing.
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Latin letters that look like Cyrillic ones, as found in mistyped names such as
# "ЦSR Нова Варош" (Latin S and R inside a Cyrillic word).
_LOOKALIKES = str.maketrans(
    {
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "J": "Ј", "K": "К",
        "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У", "S": "С",
        "R": "Р", "a": "а", "c": "с", "e": "е", "j": "ј", "o": "о", "p": "р",
        "x": "х", "y": "у", "s": "с",
    }
)  # fmt: skip
_FOLD = str.maketrans({"đ": "dj", "Đ": "Dj", "ß": "ss"})


def _word_to_latin(match: re.Match) -> str:
    word = match.group(0)
    latin = cyrtranslit.to_latin(word, "sr")
    if len(word) > 1 and word.isupper():
        return latin.upper()
    return latin


def to_latin(text: str) -> str:
    """Transliterate Serbian Cyrillic text to Serbian Latin.

    All-capital words keep all capitals: „ЉУБОЈЕВИЋ“ → "LJUBOJEVIĆ".
    """
    if not text or not _CYRILLIC.search(text):
        return text
    return _WORD.sub(_word_to_latin, text)


def fix_lookalikes(text: str) -> str:
    """Replace Latin look-alike letters inside otherwise Cyrillic words."""

    def fix(match: re.Match) -> str:
        word = match.group(0)
        if _CYRILLIC.search(word):
            return word.translate(_LOOKALIKES)
        return word

    return _WORD.sub(fix, text)


def search_key(text: str) -> str:
    """A script- and diacritic-independent key for matching names.

    "Центар за социјални рад Ниш", "Centar za socijalni rad Niš" and
    "centar za socijalni rad nis" give the same key.
    """
    latin = to_latin(fix_lookalikes(text or "")).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", latin)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", ascii_only.lower())
    return " ".join(words)


# Attributes whose values are text for people to read, not data or addresses.
_TEXT_ATTRIBUTES = {
    "title", "alt", "placeholder", "label", "aria-label", "aria-description",
}  # fmt: skip
# Elements whose content must come out exactly as it went in: code, and what a
# person typed (a textarea redisplayed after a form error must lose nothing).
_RAW_ELEMENTS = {"script", "style", "textarea", "code", "pre", "kbd", "samp"}
_VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?P<eq>\s*=\s*)(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.DOTALL,
)


def _extra_attributes(tag: str, attrs: list) -> frozenset:
    """``content`` of a page description is text for people, too."""
    if tag == "meta" and ("name", "description") in attrs:
        return frozenset({"content"})
    return frozenset()


class _LatinHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skip_stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        # Inside a skipped element every element is tracked, so that a nested
        # element of the same name does not end the skipping early.
        if tag not in _VOID_ELEMENTS and (
            self.skip_stack or tag in _RAW_ELEMENTS or ("translate", "no") in attrs
        ):
            self.skip_stack.append(tag)
        self.out.append(self._translate_attributes(text, _extra_attributes(tag, attrs)))

    def handle_startendtag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        self.out.append(self._translate_attributes(text, _extra_attributes(tag, attrs)))

    def handle_endtag(self, tag):
        if tag in self.skip_stack:
            # Also closes elements left open inside it (<li>, <p>).
            last = len(self.skip_stack) - 1 - self.skip_stack[::-1].index(tag)
            del self.skip_stack[last:]
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data if self.skip_stack else to_latin(data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")

    @staticmethod
    def _translate_attributes(tag_text: str, extra: frozenset = frozenset()) -> str:
        if not _CYRILLIC.search(tag_text):
            return tag_text

        def fix(match: re.Match) -> str:
            name = match.group("name").lower()
            if name not in _TEXT_ATTRIBUTES and name not in extra:
                return match.group(0)
            value = to_latin(match.group("value"))
            return (
                f"{match.group('name')}{match.group('eq')}"
                f"{match.group('quote')}{value}{match.group('quote')}"
            )

        return _ATTRIBUTE.sub(fix, tag_text)


def html_to_latin(html: str) -> str:
    """Transliterate the text of an HTML document, leaving markup untouched.

    URLs, attribute values (other than human-readable ones such as ``title`` and
    ``alt``), scripts, styles and form input come out unchanged. An element with
    ``translate="no"`` keeps its text as it is.
    """
    if not _CYRILLIC.search(html):
        return html
    parser = _LatinHTML()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


# Serbian Cyrillic → the ASCII letters of a Latin slug: the Latin letter
# without its diacritic (č, ć → c; š → s; ž → z), đ → dj, dž → dz. The admin's
# slug field uses the same table (lms.widgets.LatinSlugInput), so a slug is
# the same whether the editor's browser or the server made it.
SLUG_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e",
    "ж": "z", "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj",
    "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c",
    "џ": "dz", "ш": "s", "đ": "dj",
}  # fmt: skip
_SLUG_TABLE = str.maketrans(
    {**SLUG_LETTERS, **{k.upper(): v for k, v in SLUG_LETTERS.items()}}
)


def latin_slugify(text: str, max_length: int = 255) -> str:
    """A Latin, ASCII slug from a title in either script.

    "Обука за стручњаке у Чачку" → "obuka-za-strucnjake-u-cacku";
    "Đorđević" → "djordjevic" (Django's slugify alone drops đ).
    """
    from django.utils.text import slugify

    folded = fix_lookalikes(text or "").translate(_SLUG_TABLE)
    return slugify(folded)[:max_length].strip("-")
