"""Feedback for the exercise blocks: pure functions, no database.

Each exercise has ``<kind>_feedback(value, data)``, which takes the block's
value and the submitted form (anything with ``getlist``/``get``, such as a
``QueryDict``) and returns ``(feedback, result)``: ``feedback`` is what the
learner sees, ``result`` the structured summary that is stored (never the
learner's free text). ``<kind>_summary(value, results)`` aggregates stored
results for a trainer, without names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from lms.text import fix_lookalikes


def _ints(data, name: str, limit: int) -> set[int]:
    chosen = set()
    for raw in data.getlist(name):
        if str(raw).isdigit() and int(raw) < limit:
            chosen.add(int(raw))
    return chosen


# Detective mystery -------------------------------------------------------------


def scene_hotspots(value) -> list:
    """The hotspots the learner can mark: none when the image is gone."""
    return list(value.get("hotspots") or []) if value.get("image") else []


def _reveal(entries: list, chosen: set[int], name: str) -> list[dict]:
    """Each entry with its status: found, missed, false alarm or rightly left."""
    items = []
    for index, entry in enumerate(entries):
        marked = index in chosen
        if entry["is_sign"]:
            status = "found" if marked else "missed"
        else:
            status = "false_alarm" if marked else "ignored"
        items.append({name: entry, "status": status, "index": index})
    return items


def _tally(items: list[dict]) -> dict[str, list[int]]:
    return {
        status: [i["index"] for i in items if i["status"] == status]
        for status in ("found", "missed", "false_alarm")
    }


def detective_feedback(value, data) -> tuple[dict, dict]:
    """Which signs were found, which missed, which details were false alarms.

    Passages and image hotspots are marked and revealed the same way; the
    stored result keeps the hotspots apart (``result["hotspots"]``) and only
    when the scene has an image, so text-only results keep their shape.
    """
    passages = list(value["passages"])
    hotspots = scene_hotspots(value)
    items = _reveal(passages, _ints(data, "passage", len(passages)), "passage")
    spots = _reveal(hotspots, _ints(data, "hotspot", len(hotspots)), "hotspot")
    signs = sum(1 for entry in passages + hotspots if entry["is_sign"])
    result = {**_tally(items), "signs": signs}
    if hotspots:
        result["hotspots"] = _tally(spots)
    found = sum(1 for i in items + spots if i["status"] == "found")
    shown = {"items": items, "hotspots": spots, "found": found, "signs": signs}
    return shown, result


def _summary_rows(entries, label: str, results: list[dict], kind: str) -> list:
    counts = {key: Counter() for key in ("found", "missed", "false_alarm")}
    for result in results:
        for key, counter in counts.items():
            counter.update(result.get(key, []))
    return [
        {
            "label": entry[label],
            "kind": kind,
            "is_sign": entry["is_sign"],
            "found": counts["found"][i],
            "missed": counts["missed"][i],
            "false_alarm": counts["false_alarm"][i],
            "total": len(results),
        }
        for i, entry in enumerate(entries)
    ]


def detective_summary(value, results: Iterable[dict]) -> list[dict]:
    """Per hotspot and passage: how many found, missed or marked it wrongly."""
    results = list(results)
    spots = [r.get("hotspots", {}) for r in results]
    hotspot_rows = _summary_rows(scene_hotspots(value), "label", spots, "hotspot")
    passages = list(value["passages"])
    return hotspot_rows + _summary_rows(passages, "text", results, "passage")


# Closed to open questions ------------------------------------------------------

# A question that can be answered with yes or no starts with one of these
# (Serbian forms with the particle "ли"), or carries "ли" among its first words.
_YES_NO_START = re.compile(
    r"^(да ли|је ли|јел|је л|зар|има ли|нема ли|можете ли|може ли|хоћете ли|"
    r"јесте ли|јеси ли|сте ли|си ли|били сте|имате ли|знате ли|осећате ли|"
    r"желите ли|смете ли|бисте ли)\b"
)
_LI_EARLY = re.compile(r"^(\S+\s+){0,2}ли\b")
_LEADING = re.compile(
    r"(зар не|зар ни|је л да|јел да|сигурно|ваљда|претпостављам да|"
    r"није ли|нисте ли|јел тако|је ли тако|зар није|морали сте|да нисте)"
)
_BLAMING = re.compile(
    r"(зашто сте|зашто ниси|зашто нисте|зашто си|како сте могли|како си могл|"
    r"како сте дозволили|што нисте|што сте|ваша кривица|сами сте|сама сте|"
    r"нисте смели|требало је да)"
)
_OPEN_START = re.compile(
    r"^(како|шта|када|кад|где|ко|коме|с ким|са ким|колико|реците|испричајте|"
    r"опишите|објасните|помозите ми|које|који|која|какав|каква|какво|шта се)\b"
)


def _normalise(text: str) -> str:
    from cyrtranslit import to_cyrillic

    text = fix_lookalikes(text.strip().lower())
    if re.search(r"[a-zčćžšđ]", text):
        text = to_cyrillic(text, "sr")
    return re.sub(r"\s+", " ", text)


def question_issues(text: str) -> list[str]:
    """The rules a rewritten question breaks (empty: it is a good open question).

    ``empty``: nothing written; ``yes_no``: it can be answered yes or no;
    ``leading``: it suggests the answer; ``blaming``: it puts the blame on the
    person (often a "why" question); ``several``: more than one question at
    once; ``not_open``: it does not start like an open question.
    """
    question = _normalise(text)
    if not question:
        return ["empty"]
    issues = []
    if _YES_NO_START.search(question) or _LI_EARLY.search(question):
        issues.append("yes_no")
    if _LEADING.search(question):
        issues.append("leading")
    if _BLAMING.search(question) or question.startswith(("зашто", "што ")):
        issues.append("blaming")
    if question.count("?") > 1:
        issues.append("several")
    if not issues and not _OPEN_START.search(question):
        issues.append("not_open")
    return issues


def questions_feedback(value, data) -> tuple[dict, dict]:
    """Rule feedback and model answers for each rewritten question."""
    items, tally = [], []
    for index, item in enumerate(value["questions"]):
        answer = data.get(f"question-{index}", "")[:500]
        issues = question_issues(answer)
        models = [line for line in item["model_answers"].splitlines() if line.strip()]
        items.append(
            {
                "closed": item["closed_question"],
                "answer": answer,
                "issues": issues,
                "models": models,
            }
        )
        tally.append(issues)
    good = sum(1 for issues in tally if not issues)
    return {"items": items, "good": good}, {"issues": tally, "good": good}


def questions_summary(value, results: Iterable[dict]) -> list[dict]:
    rows = [
        {"label": q["closed_question"], "issues": Counter(), "good": 0, "total": 0}
        for q in value["questions"]
    ]
    for result in results:
        for row, issues in zip(rows, result.get("issues", []), strict=False):
            row["total"] += 1
            row["issues"].update(issues)
            row["good"] += not issues
    return rows


# Ball of institutions ----------------------------------------------------------


def ball_feedback(value, data) -> tuple[dict, dict]:
    """Gaps (responsible institution not chosen), overlaps, misplaced steps."""
    institutions = list(value["institutions"])
    tasks = []
    gaps, overlaps = [], []
    for index, task in enumerate(value["tasks"]):
        chosen = {
            institutions[i] for i in _ints(data, f"task-{index}", len(institutions))
        }
        responsible = set(task["responsible"])
        task_gaps = sorted(responsible - chosen)
        task_overlaps = sorted(chosen - responsible)
        gaps.extend((index, name) for name in task_gaps)
        overlaps.extend((index, name) for name in task_overlaps)
        tasks.append(
            {
                "task": task,
                "gaps": task_gaps,
                "overlaps": task_overlaps,
                "right": not task_gaps and not task_overlaps,
            }
        )
    steps = list(value["steps"])
    order = step_order(data, len(steps))
    misplaced = [i for i, position in enumerate(order) if position != i]
    result = {
        "gaps": [[i, n] for i, n in gaps],
        "overlaps": [[i, n] for i, n in overlaps],
        "misplaced": misplaced,
    }
    feedback = {
        "tasks": tasks,
        "steps": [
            {"step": step, "chosen_position": order[i] + 1, "right": i not in misplaced}
            for i, step in enumerate(steps)
        ],
        "untaken": _untaken(tasks, institutions),
        "all_right": not gaps and not overlaps and not misplaced,
    }
    return feedback, result


def step_order(data, count: int) -> list[int]:
    """The position (0-based) the learner gave each step; unanswered go last."""
    positions = []
    for index in range(count):
        raw = str(data.get(f"step-{index}", ""))
        positions.append(
            int(raw) - 1 if raw.isdigit() and 0 < int(raw) <= count else count
        )
    ranked = sorted(range(count), key=lambda i: (positions[i], i))
    order = [0] * count
    for position, index in enumerate(ranked):
        order[index] = position
    return order


def _untaken(tasks: list[dict], institutions: list[str]) -> list[str]:
    """Institutions with a job in the case that the learner gave none."""
    responsible = {name for t in tasks for name in t["task"]["responsible"]}
    missing_everywhere = responsible.copy()
    for task in tasks:
        chosen = (set(task["task"]["responsible"]) - set(task["gaps"])) | set(
            task["overlaps"]
        )
        missing_everywhere -= chosen
    return [name for name in institutions if name in missing_everywhere]


def ball_summary(value, results: Iterable[dict]) -> list[dict]:
    gaps, overlaps, total = Counter(), Counter(), 0
    for result in results:
        total += 1
        gaps.update(i for i, _name in result.get("gaps", []))
        overlaps.update(i for i, _name in result.get("overlaps", []))
    return [
        {"label": t["task"], "gaps": gaps[i], "overlaps": overlaps[i], "total": total}
        for i, t in enumerate(value["tasks"])
    ]


# One day -----------------------------------------------------------------------


def dialogue_nodes(value) -> dict[str, dict]:
    return {node["key"]: node for node in value["nodes"]}


def one_day_feedback(value, data) -> tuple[dict, dict]:
    """Where the chosen reply leads and the trauma-informed feedback on it."""
    nodes = list(value["nodes"])
    by_key = dialogue_nodes(value)
    node = by_key.get(data.get("node", ""), nodes[0] if nodes else None)
    choices = list(node["choices"]) if node else []
    raw = str(data.get("choice", ""))
    if not choices or not raw.isdigit() or int(raw) >= len(choices):
        return {"node": node, "choice": None, "next": node, "ended": False}, {}
    choice = choices[int(raw)]
    following = by_key.get(choice["next"] or "")
    path = [q for q in data.get("path", "").split(",") if q in QUALITIES]
    path.append(choice["quality"])
    ended = following is None or not list(following["choices"])
    feedback = {
        "node": node,
        "choice": choice,
        "next": following,
        "ended": ended,
        "path": ",".join(path),
        "qualities": Counter(path),
    }
    result = {"node": node["key"], "choice": int(raw), "quality": choice["quality"]}
    return feedback, result


QUALITY_LABELS = {
    "good": _("trauma-informed"),
    "neutral": _("could be better"),
    "harmful": _("may cause harm"),
}
QUALITIES = tuple(QUALITY_LABELS)


def one_day_summary(value, results: Iterable[dict]) -> list[dict]:
    counts = Counter((r.get("node"), r.get("choice")) for r in results)
    rows = []
    for node in value["nodes"]:
        for index, choice in enumerate(node["choices"]):
            rows.append(
                {
                    "label": choice["text"],
                    "quality": choice["quality"],
                    "quality_label": QUALITY_LABELS.get(
                        choice["quality"], choice["quality"]
                    ),
                    "count": counts[(node["key"], index)],
                }
            )
    return rows
