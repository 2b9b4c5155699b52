"""Scoring an answer to a question: pure functions, shared by every way of play.

A response is a small dict, the same whether it comes from a self-paced form or
a live session:

- single choice, true/false: ``{"option": id}``
- multiple choice: ``{"options": [id, ...]}``
- matching: ``{"pairs": {"item id": match option id, ...}}``
- ordering: ``{"order": [id, ...]}`` (first to last)
- short text: ``{"text": "..."}``

Partial credit: multiple choice scores (right ticks − wrong ticks) / correct
options, never below 0; matching and ordering score the share of pairs or
places that are right.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from lms.text import search_key

from .models.questions import QuestionKind


@dataclass(frozen=True)
class Score:
    score: float  # 0–1

    @property
    def correct(self) -> bool:
        return self.score >= 1


def _ids(values) -> list[int]:
    result = []
    for value in values or []:
        try:
            result.append(int(value))
        except (TypeError, ValueError):
            continue
    return result


def _single(options: Sequence, response: dict) -> float:
    chosen = _ids([response.get("option")])
    correct = {o.pk for o in options if o.is_correct}
    return 1.0 if chosen and chosen[0] in correct else 0.0


def _multiple(options: Sequence, response: dict) -> float:
    chosen = set(_ids(response.get("options")))
    correct = {o.pk for o in options if o.is_correct}
    if not correct:
        return 1.0 if not chosen else 0.0
    right = len(chosen & correct)
    wrong = len(chosen - correct)
    return max(0.0, (right - wrong) / len(correct))


def _matching(options: Sequence, response: dict) -> float:
    pairs = response.get("pairs") or {}
    if not options:
        return 0.0
    by_match = {o.pk: o.match for o in options}
    right = 0
    for option in options:
        chosen = _ids([pairs.get(str(option.pk), pairs.get(option.pk))])
        # Two items may share the same match text: the text is what counts.
        if chosen and by_match.get(chosen[0]) == option.match:
            right += 1
    return right / len(options)


def _ordering(options: Sequence, response: dict) -> float:
    order = _ids(response.get("order"))
    if not options:
        return 0.0
    correct = [o.pk for o in options]
    right = sum(1 for i, pk in enumerate(correct) if i < len(order) and order[i] == pk)
    return right / len(correct)


def _short_text(accepted: Sequence[str], response: dict) -> float:
    given = search_key(str(response.get("text") or ""))
    if not given:
        return 0.0
    return 1.0 if given in {search_key(a) for a in accepted} else 0.0


def score_response(question, options: Sequence, response: dict) -> Score:
    """Score ``response`` to ``question``; ``options`` in their correct order."""
    response = response if isinstance(response, dict) else {}
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        value = _single(options, response)
    elif kind == QuestionKind.MULTIPLE:
        value = _multiple(options, response)
    elif kind == QuestionKind.MATCHING:
        value = _matching(options, response)
    elif kind == QuestionKind.ORDERING:
        value = _ordering(options, response)
    else:
        value = _short_text(question.accepted_answer_list, response)
    return Score(round(value, 4))
