"""Feedback and results of the spotting block (the block's ``grade``/``summarise``).

Like ``exercises.feedback``: no database of its own, the learner's marks come
from the submitted form (``mark_time`` and ``mark_indicator``, in pairs) and
the stored result keeps counts and the positions of the expert marks, never
anything about the learner.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from exercises.spotting import scoring

MAX_MARKS = 100  # a few seconds of video never needs more; caps the work


def expert_marks(value) -> list[dict]:
    """The expert marks whose indicator still exists, in the video's order."""
    rows = [
        {"index": index, "time": float(mark["time"]), **mark}
        for index, mark in enumerate(value["marks"])
        if mark["indicator"] is not None
    ]
    return sorted(rows, key=lambda row: row["time"])


def offered_indicators(value) -> list:
    """The indicators a learner picks from: the expert's and the distractors,
    once each, in the reference order (the list must not follow the video)."""
    seen = {}
    for mark in value["marks"]:
        if mark["indicator"] is not None:
            seen[mark["indicator"].pk] = mark["indicator"]
    for indicator in value.get("other_indicators") or []:
        if indicator is not None:
            seen[indicator.pk] = indicator
    return sorted(seen.values(), key=lambda i: (i.sort_order, i.pk))


def parse_time(raw, duration: float) -> float | None:
    """A moment in seconds, within the video, or None."""
    try:
        moment = float(str(raw).replace(",", "."))
    except (TypeError, ValueError):
        return None
    if not math.isfinite(moment) or moment < 0 or moment > duration + 1:
        return None
    return round(min(moment, duration), 1)


def submitted_marks(value, data) -> list[scoring.Mark]:
    allowed = {i.pk for i in offered_indicators(value)}
    duration = float(value["duration"])
    marks = []
    pairs = zip(data.getlist("mark_time"), data.getlist("mark_indicator"), strict=False)
    for raw_time, raw_indicator in pairs:
        moment = parse_time(raw_time, duration)
        if moment is None or not str(raw_indicator).isdigit():
            continue
        if int(raw_indicator) in allowed:
            marks.append(scoring.Mark(moment, int(raw_indicator)))
        if len(marks) >= MAX_MARKS:
            break
    return marks


def timeline_x(moment: float, duration: float, width: int = 1000) -> int:
    """Where a moment falls on a timeline drawn ``width`` units wide."""
    return round(min(max(moment / max(duration, 0.1), 0.0), 1.0) * width)


def _shown_mark(mark, status: str, indicators: dict, duration: float) -> dict:
    return {
        "time": mark.time,
        "indicator": indicators[mark.indicator],
        "status": status,
        "x": timeline_x(mark.time, duration),
    }


def spotting_feedback(value, data) -> tuple[dict, dict]:
    """The learner's marks beside the expert's: found, early, late, missed, extra."""
    experts = expert_marks(value)
    by_mark = {}
    for row in experts:
        by_mark[id(row)] = scoring.Mark(row["time"], row["indicator"].pk)
    marks = submitted_marks(value, data)
    if not marks:
        return {"empty": True}, {}
    score = scoring.score(by_mark.values(), marks, value["tolerance"])
    pair_of = {id(pair.expert): pair for pair in score.expert}
    indicators = {i.pk: i for i in offered_indicators(value)}
    duration = float(value["duration"])
    rows, yours = [], []
    for row in experts:
        pair = pair_of[id(by_mark[id(row)])]
        rows.append(
            {**row, "status": pair.status, "gap": pair.gap, "mark": pair.mark}
            | {"x": timeline_x(row["time"], duration)}
        )
        if pair.mark is not None:
            yours.append(_shown_mark(pair.mark, pair.status, indicators, duration))
    extra = [_shown_mark(mark, s, indicators, duration) for mark, s in score.extra]
    yours = sorted(yours + extra, key=lambda mark: mark["time"])
    counts = score.counts()
    result = {
        status: [row["index"] for row in rows if row["status"] == status]
        for status in (scoring.FOUND, scoring.EARLY, scoring.LATE, scoring.MISSED)
    }
    result.update(extra=counts["extra"], other=counts["other"], marks=len(marks))
    shown = {
        "rows": rows,
        "extra": extra,
        "counts": counts,
        "expert_total": len(rows),
        "tolerance": value["tolerance"],
        "duration": value["duration"],
        "yours": yours,
    }
    return shown, result


def spotting_summary(value, results: Iterable[dict]) -> list[dict]:
    """Per expert mark: how many learners found it, early, late, or missed it."""
    statuses = (scoring.FOUND, scoring.EARLY, scoring.LATE, scoring.MISSED)
    counts = {status: Counter() for status in statuses}
    for result in results:
        for status in statuses:
            counts[status].update(result.get(status, []))
    return [
        {**row, **{status: counts[status][row["index"]] for status in statuses}}
        for row in expert_marks(value)
    ]
