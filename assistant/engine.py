"""Finding the passages that answer a question (BM25 from ``rank_bm25``).

Each process keeps the passages, a BM25 model and an inverted index in
memory, rebuilt when ``IndexState.version`` moves (one small query per
question). A question is cut into stems; synonyms staff keep add the stems
of their equivalents; a word that is not in the content at all is corrected
to the nearest one when it is close enough (typos). Only passages that
share a stem with the question are scored.

Two scores decide: BM25 ranks, and *coverage* (the share of the question's
weight, by inverse document frequency, that a passage contains) decides
whether the best passage answers the question at all.
"""

import difflib
import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from rank_bm25 import BM25Okapi

from assistant import english
from assistant.models import IndexState, LexiconEntry, Passage, Synonym
from assistant.text import stems, terms, words

# A follow-up keeps the topic: the previous question's stems weigh this much.
PREVIOUS_WEIGHT = 0.5
CANDIDATES = 100


@dataclass
class Entry:
    key: str
    document: str
    kind: str
    title: str
    heading: str
    url: str
    text: str
    terms: frozenset[str]
    # The title's stems, then (for a curated answer) each other way to ask.
    titles: list[frozenset[str]]


@dataclass
class Index:
    version: str
    entries: list[Entry]
    bm25: BM25Okapi | None
    postings: dict[str, list[int]]
    idf: dict[str, float]
    max_idf: float
    # Each group: the stem tuples of phrases that mean the same.
    synonyms: list[list[tuple[str, ...]]]
    vocabulary: frozenset[str] = field(default_factory=frozenset)
    # Stems by their first four letters, to find forms of the same word.
    prefixes: dict[str, list[str]] = field(default_factory=dict)
    # Typo corrections found so far (None: no content word is close).
    corrections: dict[str, str | None] = field(default_factory=dict)
    # English word stems → the Serbian words they stand for.
    lexicon: dict[tuple[str, ...], str] = field(default_factory=dict)


_lock = threading.Lock()
_cache: dict[str, Index] = {}
# When this process last read the stored version (time.monotonic()).
_checked: dict[str, float] = {}


def _current_version() -> str:
    return (
        IndexState.objects.filter(pk=1).values_list("version", flat=True).first() or ""
    )


def index_get() -> Index:
    """The in-memory index, rebuilt when the stored one has changed.

    A site that has never built the index (a fresh install: the migrations
    cannot read the sources) builds it on the first question. The stored
    version is read at most every ``ASSISTANT_INDEX_CHECK_SECONDS``: another
    process's change shows within that time, this process's own at once
    (``forget``).
    """
    index = _cache.get("index")
    wait = settings.ASSISTANT_INDEX_CHECK_SECONDS
    if index is not None and time.monotonic() - _checked.get("at", -wait) < wait:
        return index
    version = _current_version()
    _checked["at"] = time.monotonic()
    if not version:
        from assistant.services import index_rebuild

        index_rebuild()
        version = _current_version()
    index = _cache.get("index")
    if index is not None and index.version == version:
        return index
    with _lock:
        index = _cache.get("index")
        if index is None or index.version != version:
            index = _build(version)
            _cache["index"] = index
    return index


def forget() -> None:
    """Read the stored version again on the next question (it just changed)."""
    _checked.clear()


def _build(version: str) -> Index:
    rows = list(Passage.objects.order_by("pk"))
    _stems_warm(rows)
    corpus = [row.terms.split() for row in rows]
    entries = [
        Entry(
            key=row.key,
            document=row.document,
            kind=row.kind,
            title=row.title,
            heading=row.heading,
            url=row.url,
            text=row.text,
            terms=frozenset(row.terms.split()),
            titles=[frozenset(line.split()) for line in row.title_terms.splitlines()]
            or [frozenset()],
        )
        for row in rows
    ]
    postings: dict[str, list[int]] = {}
    for number, entry in enumerate(entries):
        for term in entry.terms:
            postings.setdefault(term, []).append(number)
    bm25 = BM25Okapi(corpus) if corpus and any(corpus) else None
    idf = _idf(postings, len(entries))
    return Index(
        version=version,
        entries=entries,
        bm25=bm25,
        postings=postings,
        idf=idf,
        max_idf=max(idf.values(), default=1.0),
        synonyms=_synonym_groups(),
        vocabulary=frozenset(postings),
        prefixes=_prefixes(postings),
        lexicon=_lexicon(),
    )


def _lexicon() -> dict[tuple[str, ...], str]:
    return english.lexicon_parse(
        "\n".join(
            f"{english_term} = {serbian}"
            for english_term, serbian in LexiconEntry.objects.values_list(
                "english", "serbian"
            )
        )
    )


def _stems_warm(rows: list[Passage]) -> None:
    """Stem every word the answers may highlight now, in one go (on
    PostgreSQL one query), rather than a query per passage shown."""
    shown = {f"{row.title} {row.heading} {row.text}" for row in rows}
    stems(sorted({word for passage in shown for word in words(passage)}))


def _prefixes(postings: dict[str, list[int]]) -> dict[str, list[str]]:
    prefixes: dict[str, list[str]] = {}
    for term in postings:
        if len(term) >= 4:
            prefixes.setdefault(term[:4], []).append(term)
    return prefixes


def _correction(stem: str, index: Index) -> str | None:
    """The content's word closest to a word it does not have (a typo); kept
    per index, since the same unknown words come back."""
    if stem not in index.corrections:
        close = difflib.get_close_matches(stem, index.vocabulary, n=1, cutoff=0.8)
        index.corrections[stem] = close[0] if close else None
    return index.corrections[stem]


def _idf(postings: dict[str, list[int]], total: int) -> dict[str, float]:
    """Positive inverse document frequencies, for coverage (not for ranking)."""
    return {
        term: math.log(1 + (total - len(rows) + 0.5) / (len(rows) + 0.5))
        for term, rows in postings.items()
    }


def _synonym_groups() -> list[list[tuple[str, ...]]]:
    groups = []
    for synonym in Synonym.objects.all():
        phrases = [tuple(terms(line)) for line in synonym.term_list()]
        phrases = [phrase for phrase in phrases if phrase]
        if len(phrases) > 1:
            groups.append(phrases)
    return groups


@dataclass
class Query:
    """A question as stems: its own, their equivalents and typo corrections."""

    stems: list[str]
    # Each stem of the question and the phrases that count as matching it.
    alternatives: dict[str, list[tuple[str, ...]]]
    expansion: list[str]
    # Worked out once per question, not once per passage scored.
    weights: dict[str, float] = field(default_factory=dict)
    asked: set[str] | None = None


def query_make(text: str, index: Index) -> Query:
    stems = list(dict.fromkeys(terms(text)))
    alternatives: dict[str, list[tuple[str, ...]]] = {s: [(s,)] for s in stems}
    expansion: list[str] = []
    present = set(stems)
    for group in index.synonyms:
        hits = [phrase for phrase in group if set(phrase) <= present]
        if not hits:
            continue
        for phrase in group:
            if phrase in hits:
                continue
            expansion.extend(phrase)
            for stem in {s for hit in hits for s in hit}:
                alternatives[stem].append(phrase)
    for stem in stems:
        alternatives[stem].extend((other,) for other in _relatives(stem, index))
        known = any(
            all(part in index.vocabulary for part in phrase)
            for phrase in alternatives[stem]
        )
        if not known and len(stem) >= 4:
            close = _correction(stem, index)
            if close:
                alternatives[stem].append((close,))
                expansion.append(close)
    return Query(stems=stems, alternatives=alternatives, expansion=expansion)


def _relatives(stem: str, index: Index) -> list[str]:
    """Stems of the content that are the same word cut differently.

    Snowball leaves some Serbian forms apart ("upisa"/"upis", "prijav"/
    "prijavlj"): a stem that starts the other, both at least four letters
    and at most two letters apart, counts as the same word.
    """
    if len(stem) < 4:
        return []
    return [
        term
        for term in index.prefixes.get(stem[:4], ())
        if term != stem
        and abs(len(term) - len(stem)) <= 2
        and (term.startswith(stem) or stem.startswith(term))
    ]


def _weight(stem: str, query: Query, index: Index) -> float:
    if stem not in query.weights:
        query.weights[stem] = _weight_of(stem, query, index)
    return query.weights[stem]


def _weight_of(stem: str, query: Query, index: Index) -> float:
    weights = [
        min(index.idf.get(part, index.max_idf) for part in phrase)
        for phrase in query.alternatives[stem]
        if all(part in index.idf for part in phrase)
    ]
    return max(weights) if weights else index.max_idf


def coverage(terms: frozenset[str], query: Query, index: Index) -> float:
    """The share of the question's weight that ``terms`` contain (0 to 1)."""
    total = matched = 0.0
    for stem in query.stems:
        weight = _weight(stem, query, index)
        total += weight
        if any(set(phrase) <= terms for phrase in query.alternatives[stem]):
            matched += weight
    return matched / total if total else 0.0


def title_match(entry: Entry, query: Query, index: Index) -> float:
    """How well a title (or another way to ask) and the question match (0 to 1).

    The harmonic mean of the share of the question found in the title and
    the share of the title found in the question, weighted by idf: a
    curated answer asked almost the same way scores near 1.
    """
    if query.asked is None:
        query.asked = set(query.stems) | set(query.expansion)
        for phrases in query.alternatives.values():
            for phrase in phrases:
                query.asked.update(phrase)
    asked = query.asked
    best = 0.0
    for title in entry.titles:
        if not title:
            continue
        recall = coverage(title, query, index)
        weights = {term: index.idf.get(term, index.max_idf) for term in title}
        precision = sum(w for t, w in weights.items() if t in asked) / sum(
            weights.values()
        )
        if recall + precision:
            best = max(best, 2 * recall * precision / (recall + precision))
    return best


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    coverage: float
    title: float


def search(
    query: Query, index: Index, *, previous: list[str] | None = None
) -> list[Hit]:
    """Passages sharing a stem with the question, best first (one per document)."""
    if index.bm25 is None:
        return []
    wanted = query.stems + query.expansion
    candidates = sorted(
        {row for term in wanted for row in index.postings.get(term, ())}
    )
    if not candidates:
        return []
    scores = np.asarray(index.bm25.get_batch_scores(wanted, candidates))
    if previous:
        earlier = np.asarray(index.bm25.get_batch_scores(list(previous), candidates))
        scores = scores + PREVIOUS_WEIGHT * earlier
    ranked = sorted(zip(candidates, scores, strict=True), key=lambda x: -x[1])
    hits: list[Hit] = []
    for row, score in ranked[:CANDIDATES]:
        entry = index.entries[row]
        hits.append(
            Hit(
                entry,
                float(score),
                coverage(entry.terms, query, index),
                title_match(entry, query, index),
            )
        )
    # Coverage breaks the tie between a long passage that repeats one word and
    # a short one that has them all; a title asked almost word for word wins.
    hits.sort(
        key=lambda hit: -(hit.score * (0.25 + hit.coverage) ** 2 * (1 + hit.title))
    )
    best: dict[str, Hit] = {}
    seen_texts: set[tuple[str, str]] = set()
    for hit in hits:
        # The same programme on five trainings is one answer, not five.
        text = (hit.entry.heading, hit.entry.text)
        if hit.entry.document in best or text in seen_texts:
            continue
        seen_texts.add(text)
        best[hit.entry.document] = hit
    return list(best.values())
