"""Scoring an answer to a question: pure functions, shared by every way of play.

Self-paced attempts score through ``score_response`` (a bank question and its
options), live sessions through ``score_answer`` (a live question keeps its
options as data); both end in ``score_answer``, the one set of rules.

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

from collections.abc import Collection, Sequence
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


def _single(correct: Collection[int], response: dict) -> float:
    chosen = _ids([response.get("option")])
    return 1.0 if chosen and chosen[0] in correct else 0.0


def _multiple(correct: Collection[int], response: dict) -> float:
    chosen = set(_ids(response.get("options")))
    correct = set(correct)
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


def score_answer(
    *,
    kind: str,
    response,
    correct_ids: Collection[int] = frozenset(),
    accepted: Sequence[str] = (),
    options: Sequence = (),
) -> Score:
    """Score ``response`` to a question of ``kind``, however it is played.

    ``correct_ids``: the right options of a choice question; ``accepted``: the
    accepted texts of a short-text question; ``options`` (in their correct
    order, with ``pk`` and ``match``): the items of matching and ordering.
    """
    response = response if isinstance(response, dict) else {}
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        value = _single(correct_ids, response)
    elif kind == QuestionKind.MULTIPLE:
        value = _multiple(correct_ids, response)
    elif kind == QuestionKind.MATCHING:
        value = _matching(options, response)
    elif kind == QuestionKind.ORDERING:
        value = _ordering(options, response)
    else:
        value = _short_text(accepted, response)
    return Score(round(value, 4))


_WITHOUT_TEXT = {
    QuestionKind.SINGLE,
    QuestionKind.TRUE_FALSE,
    QuestionKind.MULTIPLE,
    QuestionKind.MATCHING,
    QuestionKind.ORDERING,
}


def score_response(question, options: Sequence, response: dict) -> Score:
    """Score ``response`` to a bank ``question``; ``options`` in their correct order."""
    return score_answer(
        kind=question.kind,
        response=response,
        correct_ids={o.pk for o in options if o.is_correct},
        accepted=(
            () if question.kind in _WITHOUT_TEXT else question.accepted_answer_list
        ),
        options=options,
    )
