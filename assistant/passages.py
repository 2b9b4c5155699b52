"""Cutting a document's HTML into passages at headings and paragraphs.

A passage is what an answer shows: one paragraph (or one list) with the
heading it stands under. Very short paragraphs are joined to the next one
under the same heading, so that a passage says enough to be an answer.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "blockquote", "dd", "dt", "td", "th", "div", "figcaption"}
LISTS = {"ul", "ol"}
MIN_WORDS = 12
MAX_WORDS = 120
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Chunk:
    heading: str
    text: str


class _Cutter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.heading = ""
        self.in_heading = False
        self.heading_parts: list[str] = []
        self.list_depth = 0
        self.items: list[str] = []
        self.buffer: list[str] = []
        self.chunks: list[Chunk] = []

    def handle_starttag(self, tag, attrs):
        if tag in HEADINGS:
            self._flush()
            self.in_heading, self.heading_parts = True, []
        elif tag in LISTS:
            if self.list_depth == 0:
                self._flush()
            self.list_depth += 1
        elif tag == "li":
            self._end_item()
        elif tag in BLOCKS and not self.list_depth:
            self._flush()
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag):
        if tag in HEADINGS and self.in_heading:
            self.in_heading = False
            self.heading = _clean("".join(self.heading_parts))
        elif tag in LISTS:
            self.list_depth = max(self.list_depth - 1, 0)
            if self.list_depth == 0:
                self._end_item()
                self._emit("; ".join(self.items))
                self.items = []
        elif tag == "li":
            self._end_item()
        elif tag in BLOCKS and not self.list_depth:
            self._flush()

    def handle_data(self, data):
        (self.heading_parts if self.in_heading else self.buffer).append(data)

    def _end_item(self):
        item = _clean("".join(self.buffer))
        if item:
            self.items.append(item.rstrip(";."))
        self.buffer = []

    def _flush(self):
        self._emit(_clean("".join(self.buffer)))
        self.buffer = []

    def _emit(self, text: str):
        if text:
            self.chunks.append(Chunk(self.heading, text))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def cut(html: str) -> list[Chunk]:
    """The passages of ``html``: paragraphs and lists under their headings."""
    parser = _Cutter()
    parser.feed(html or "")
    parser.close()
    parser._flush()
    return _join_short(parser.chunks)


def _join_short(chunks: list[Chunk]) -> list[Chunk]:
    joined: list[Chunk] = []
    for chunk in chunks:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.heading == chunk.heading
            and len(last.text.split()) < MIN_WORDS
            and len(last.text.split()) + len(chunk.text.split()) <= MAX_WORDS
        ):
            joined[-1] = Chunk(last.heading, f"{last.text} {chunk.text}")
        else:
            joined.append(chunk)
    return joined
