"""Running the evaluation set (``questions.txt``) against the current index."""

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

from assistant import answers, engine, text

QUESTIONS = Path(__file__).resolve().parent / "questions.txt"


@dataclass(frozen=True)
class Case:
    question: str
    expected: tuple[str, ...]  # empty: must be declined
    style: str


def cases_load(path: Path = QUESTIONS) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        question, expected, style = (part.strip() for part in line.split("|"))
        ids = () if expected == "-" else tuple(e.strip() for e in expected.split(","))
        cases.append(Case(question, ids, style))
    return cases


def _ids(answer: answers.Answer) -> list[str]:
    shown = ([answer.faq] if answer.faq else []) + answer.passages
    return [passage["document"] for passage in shown]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def evaluate(cases: list[Case] | None = None) -> dict:
    """Top-1/top-3 hit rates, the share correctly declined, answer times (ms)."""
    cases = cases if cases is not None else cases_load()
    # A server process has built the index and loaded the URLs before the
    # question comes: the first question should not pay for either.
    engine.index_get()
    reverse("assistant:ask")
    top1 = top3 = declined = answerable = 0
    times: list[float] = []
    misses: list[dict] = []
    # Per case: (answerable, top-1 hit or correctly declined, top-3 hit).
    results: list[tuple[bool, bool, bool]] = []
    for case in cases:
        started = time.perf_counter()
        answer = answers.ask(case.question)
        times.append((time.perf_counter() - started) * 1000)
        ids = [] if answer.declined else _ids(answer)
        if not case.expected:
            results.append((False, answer.declined, answer.declined))
            declined += answer.declined
            if not answer.declined:
                misses.append({"question": case.question, "got": ids[:3]})
            continue
        answerable += 1
        top1 += bool(ids) and ids[0] in case.expected
        hit3 = any(i in case.expected for i in ids[:3])
        top3 += hit3
        results.append((True, bool(ids) and ids[0] in case.expected, hit3))
        if not hit3:
            misses.append(
                {"question": case.question, "expected": case.expected, "got": ids[:3]}
            )
    unanswerable = len(cases) - answerable
    return {
        "questions": len(cases),
        "answerable": answerable,
        "unanswerable": unanswerable,
        "top1": round(top1 / answerable, 3) if answerable else None,
        "top3": round(top3 / answerable, 3) if answerable else None,
        "declined": round(declined / unanswerable, 3) if unanswerable else None,
        "p50_ms": round(statistics.median(times), 2) if times else None,
        "p95_ms": round(_percentile(times, 0.95), 2) if times else None,
        "english": _english_rates(cases, results),
        "stemmer": text.stemmer_name(),
        "misses": misses,
    }


def _english_rates(cases: list[Case], results: list[tuple[bool, bool, bool]]) -> dict:
    """The same rates for the questions written in English alone."""
    english = [r for c, r in zip(cases, results, strict=True) if c.style == "english"]
    answerable = [r for r in english if r[0]]
    unanswerable = [r for r in english if not r[0]]
    return {
        "questions": len(english),
        "top1": round(sum(r[1] for r in answerable) / len(answerable), 3)
        if answerable
        else None,
        "top3": round(sum(r[2] for r in answerable) / len(answerable), 3)
        if answerable
        else None,
        "declined": round(sum(r[1] for r in unanswerable) / len(unanswerable), 3)
        if unanswerable
        else None,
    }
