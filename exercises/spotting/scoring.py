"""Compare a learner's marks on a video with the expert's: pure, no database.

A mark is a moment (seconds from the start of the video) and an indicator.
A learner's mark can answer at most one expert mark of the same indicator,
and one expert mark is answered by at most one learner mark. Among all such
pairings the one kept answers the most expert marks, then the most on time,
then with the smallest total gap; pairs never cross (a later learner mark
never answers an earlier expert mark than an earlier learner mark does), so
the comparison follows the order of the video.

Statuses of an expert mark:
- ``found``: answered within the tolerance (either side);
- ``early`` / ``late``: answered, but more than the tolerance before or after
  (up to twice the tolerance: seen, not quite at the moment);
- ``missed``: not answered.
A learner mark that answers nothing is ``extra``; when it falls within the
tolerance of an expert mark of another indicator it is ``other`` (the moment
was right, the indicator was not).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

FOUND = "found"
EARLY = "early"
LATE = "late"
MISSED = "missed"
EXTRA = "extra"
OTHER = "other"


@dataclass(frozen=True)
class Mark:
    time: float
    indicator: Hashable


@dataclass(frozen=True)
class Pair:
    expert: Mark
    status: str
    mark: Mark | None = None

    @property
    def gap(self) -> float | None:
        """Seconds from the expert's moment to the learner's (negative: early)."""
        return None if self.mark is None else self.mark.time - self.expert.time


@dataclass
class Score:
    expert: list[Pair] = field(default_factory=list)
    extra: list[tuple[Mark, str]] = field(default_factory=list)

    def count(self, status: str) -> int:
        if status in (EXTRA, OTHER):
            return sum(1 for _mark, s in self.extra if s == status)
        return sum(1 for pair in self.expert if pair.status == status)

    def counts(self) -> dict[str, int]:
        statuses = (FOUND, EARLY, LATE, MISSED, EXTRA, OTHER)
        return {status: self.count(status) for status in statuses}


def _status(gap: float, tolerance: float) -> str | None:
    if abs(gap) <= tolerance:
        return FOUND
    if abs(gap) <= 2 * tolerance:
        return EARLY if gap < 0 else LATE
    return None


def _match(expert: list[Mark], marks: list[Mark], tolerance: float) -> dict:
    """Best non-crossing pairing of two time-sorted lists of one indicator.

    Dynamic programming over prefixes; the key compares (answered, on time,
    -total gap). Returns {expert index: mark index}.
    """
    rows, cols = len(expert), len(marks)
    best = [[(0, 0, 0.0)] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            options = [best[i - 1][j], best[i][j - 1]]
            gap = marks[j - 1].time - expert[i - 1].time
            status = _status(gap, tolerance)
            if status is not None:
                answered, on_time, cost = best[i - 1][j - 1]
                options.append(
                    (answered + 1, on_time + (status == FOUND), cost - abs(gap))
                )
            best[i][j] = max(options)
    pairs, i, j = {}, rows, cols
    while i and j:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs[i - 1] = j - 1
            i, j = i - 1, j - 1
    return pairs


def _by_indicator(marks: Iterable[Mark]) -> dict:
    grouped = defaultdict(list)
    for mark in sorted(marks, key=lambda m: m.time):
        grouped[mark.indicator].append(mark)
    return grouped


def score(expert: Iterable[Mark], marks: Iterable[Mark], tolerance: float) -> Score:
    """The learner's ``marks`` against the ``expert``'s, in the video's order."""
    expert, marks = list(expert), list(marks)
    tolerance = max(0.0, float(tolerance))
    expert_groups, mark_groups = _by_indicator(expert), _by_indicator(marks)
    pairs: dict[int, Pair] = {}
    used: set[int] = set()
    for indicator, experts in expert_groups.items():
        candidates = mark_groups.get(indicator, [])
        matched = _match(experts, candidates, tolerance)
        for index, item in enumerate(experts):
            if index in matched:
                mark = candidates[matched[index]]
                used.add(id(mark))
                status = _status(mark.time - item.time, tolerance)
                pairs[id(item)] = Pair(item, status, mark)
            else:
                pairs[id(item)] = Pair(item, MISSED)
    result = Score()
    result.expert = sorted(
        (pairs[id(item)] for item in expert), key=lambda p: p.expert.time
    )
    for mark in sorted(marks, key=lambda m: m.time):
        if id(mark) in used:
            continue
        near = any(abs(mark.time - e.time) <= tolerance for e in expert)
        result.extra.append((mark, OTHER if near else EXTRA))
    return result
