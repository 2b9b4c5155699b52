"""Small-count suppression of the impact figures for everyone outside the Centre.

Primary suppression: every count from 1 to ``threshold - 1`` is shown as
"< 3". That alone is not enough where a total is published beside its parts
(a month and its districts, a district and its municipalities, all referrals
and those from trained people): one hidden part could be worked out by
subtraction. So, line by line (a published total and the parts that add up to
it), while a line has exactly one hidden member (total or part), the smallest
other non-zero part, or else the total, is hidden too, shown as "*"
(secondary suppression), until no line changes. The nested training windows (3 ⊂ 6 ⊂ 12
months) are handled the same way: a window is hidden when it exceeds the last
shown smaller window by 1 or 2.

What this does not guarantee (docs/referrals.md): figures of different periods
asked for one after another can still be subtracted from each other, and the
"before" column of the district grid and the towns' counts after their training
are suppressed only primarily.
"""

from collections import defaultdict
from copy import deepcopy

from django.conf import settings

HIDDEN = "*"
# Totals (a path into the figures) and the keys whose values add up to them.
MARGINS = ("by_month", "by_district", "by_system", "by_institution_type")
CROSS_TABS = {
    "by_month_district": "by_district",
    "by_month_system": "by_system",
    "by_month_institution_type": "by_institution_type",
}
WINDOWS = (3, 6, 12)


def _lines(figures: dict, municipality_district: dict[str, str]) -> list:
    total = ("referrals",)
    lines = [(total, [("referrals_from_trained",), ("referrals_from_others",)])]
    for key in MARGINS:
        lines.append((total, [(key, name) for name in figures[key]]))
    by_district = defaultdict(list)
    for name in figures["by_municipality"]:
        district = municipality_district.get(name, "—")
        by_district[district].append(("by_municipality", name))
    lines += [(("by_district", d), parts) for d, parts in by_district.items()]
    for table, column_total in CROSS_TABS.items():
        columns = defaultdict(list)
        for month, row in figures[table].items():
            lines.append((("by_month", month), [(table, month, k) for k in row]))
            for key in row:
                columns[key].append((table, month, key))
        lines += [((column_total, k), parts) for k, parts in columns.items()]
    for who in ("identified", "helped"):
        lines += _people_lines(who, figures[who]["by_age_and_gender"])
    return lines


def _people_lines(who: str, cells: dict) -> list:
    def parts(test):
        return [(who, "by_age_and_gender", k) for k in cells if test(k)]

    return [
        ((who, "total"), parts(lambda k: True)),
        ((who, "total"), [(who, "children"), (who, "adults")]),
        ((who, "children"), parts(lambda k: k.startswith("child_"))),
        ((who, "adults"), parts(lambda k: k.startswith("adult_"))),
        ((who, "women"), parts(lambda k: k.endswith("_female"))),
        ((who, "men"), parts(lambda k: k.endswith("_male"))),
    ]


def _get(figures, path):
    for key in path:
        figures = figures.get(key, 0) if isinstance(figures, dict) else 0
    return figures


def _set(figures, path, value) -> None:
    for key in path[:-1]:
        figures = figures[key]
    figures[path[-1]] = value


def _secondary(figures: dict, lines: list, threshold: int) -> set:
    """Hide more until no line has exactly one hidden member.

    A line is a total and its parts; with one member unknown, it is the
    difference of the others (a hidden total whose parts are all shown is as
    readable as a hidden part). So the smallest shown non-zero part is hidden
    as well, or the total when no part is left to hide.
    """
    hidden = set()
    for total, parts in lines:
        for path in (total, *parts):
            if 0 < _get(figures, path) < threshold:
                hidden.add(path)
    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            if sum(p in hidden for p in (total, *parts)) != 1:
                continue
            shown = sorted(
                (_get(figures, p), p)
                for p in parts
                if p not in hidden and _get(figures, p) > 0
            )
            if shown:
                hidden.add(shown[0][1])
            elif total not in hidden:
                hidden.add(total)
            else:
                continue  # the hidden total is 0 (all its parts are shown as 0)
            changed = True
    return hidden


def _windows(rows: list[dict], threshold: int) -> None:
    """Hide a window that exceeds the last shown smaller one by under threshold."""
    for row in rows:
        for side in ("before", "after"):
            last = 0
            for months in WINDOWS:
                key = f"{side}_{months}"
                value = row[key]
                if 0 < value < threshold:
                    row[key] = f"< {threshold}"
                elif 0 < value - last < threshold:
                    row[key] = HIDDEN
                else:
                    last = value


def protect(
    figures: dict, municipality_district: dict[str, str], threshold: int | None = None
) -> dict:
    """A copy of ``figures`` with small counts and what would reveal them hidden.

    ``figures`` holds ``impact_figures`` and may hold ``districts`` (the grid),
    ``trainings`` and ``new_towns``.
    """
    threshold = threshold or settings.REFERRALS_SMALL_COUNT
    result = deepcopy(figures)
    hidden = _secondary(result, _lines(result, municipality_district), threshold)
    for path in hidden:
        value = _get(result, path)
        _set(result, path, f"< {threshold}" if value < threshold else HIDDEN)
    for row in result.get("districts", []):
        row.pop("change", None)  # the difference would undo the suppression
        row["now"] = result["by_district"].get(row["name"], 0)
        row["before"] = _small(row["before"], threshold)
    _windows(result.get("trainings", []), threshold)
    for row in result.get("new_towns", []):
        row["after"] = _small(row["after"], threshold)
    for key in ("outcomes",):
        result[key] = {k: _small(v, threshold) for k, v in result[key].items()}
    # An institution's count, or a town's in one month, points at people.
    result["by_institution"] = {}
    result["by_month_municipality"] = {}
    return result


def _small(value, threshold: int):
    small = isinstance(value, int) and 0 < value < threshold
    return f"< {threshold}" if small else value
