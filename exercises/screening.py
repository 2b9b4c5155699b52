"""The screening rule: from marked indicators to a level of concern.

This module is pure (no database, no Django models): the views, the case-study
feedback and the tests all call :func:`evaluate` with plain values, so the rule
can be read, tested and explained in one place.

How the rule works (the default follows the ILO/European Commission operational
indicators of trafficking in human beings, 2009):

1. Every indicator belongs to one *dimension* (recruitment by deception,
   recruitment by coercion, abuse of vulnerability, exploitation, coercion and
   control, signs on health and behaviour) and has a *strength*: strong, medium
   or weak.
2. A dimension counts as **present** when the indicators marked in it satisfy at
   least one *combination* of the rule. The default combinations are: two strong;
   one strong and one medium or weak; three medium; two medium and one weak. A
   combination asks for minimum numbers, and a stronger indicator may always
   stand in for a weaker one (a strong indicator also counts as "medium or
   weak"), so marking more, or stronger, indicators can never undo a
   combination.
3. The overall level is then:

   - **high** when the exploitation ("purpose") dimension is present and, for an
     adult, at least ``high_min_means`` of the "means" dimensions (deception,
     coercion at recruitment, abuse of vulnerability, coercion and control) are
     present too. For a child the means are not required
     (``high_min_means_children``, 0 by default): a child cannot consent to
     exploitation;
   - **elevated** when at least ``elevated_min_dimensions`` dimensions are
     present, or at least ``elevated_min_indicators`` indicators are marked in
     all;
   - **low** otherwise.

Every threshold is a minimum on a count that only grows when an indicator is
marked, so the rule is monotone: marking one more indicator never lowers the
level. Staff change the thresholds in the admin (``ScreeningRule``).

The result raises or lowers concern; it never says that a person is a victim.
Identification is the job of the Centre for the Protection of Victims of Human
Trafficking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

STRONG, MEDIUM, WEAK = "strong", "medium", "weak"
STRENGTHS = (STRONG, MEDIUM, WEAK)
LOW, ELEVATED, HIGH = "low", "elevated", "high"
LEVELS = (LOW, ELEVATED, HIGH)
MEANS, PURPOSE, SIGNS = "means", "purpose", "signs"


@dataclass(frozen=True)
class Combination:
    """Minimum numbers of indicators that make a dimension present.

    ``medium`` counts medium or stronger indicators left after the strong ones;
    ``weak`` counts any indicators left after both.
    """

    strong: int = 0
    medium: int = 0
    weak: int = 0

    def met_by(self, counts: Counter) -> bool:
        s, m, w = counts[STRONG], counts[MEDIUM], counts[WEAK]
        return (
            s >= self.strong
            and s + m >= self.strong + self.medium
            and s + m + w >= self.strong + self.medium + self.weak
            and self.strong + self.medium + self.weak > 0
        )

    def describe(self) -> dict[str, int]:
        return {STRONG: self.strong, MEDIUM: self.medium, WEAK: self.weak}


DEFAULT_COMBINATIONS = (
    Combination(strong=2),
    Combination(strong=1, weak=1),
    Combination(medium=3),
    Combination(medium=2, weak=1),
)


@dataclass(frozen=True)
class Rule:
    """The thresholds of the rule (see the module docstring)."""

    combinations: tuple[Combination, ...] = DEFAULT_COMBINATIONS
    high_requires_purpose: bool = True
    high_min_means: int = 1
    high_min_means_children: int = 0
    elevated_min_dimensions: int = 1
    elevated_min_indicators: int = 3


@dataclass(frozen=True)
class Mark:
    """One marked indicator: its id, dimension key, dimension role and strength."""

    indicator: int
    dimension: str
    role: str
    strength: str


@dataclass
class Result:
    level: str
    present: list[str] = field(default_factory=list)
    present_means: list[str] = field(default_factory=list)
    purpose_present: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    reasons: dict[str, Combination] = field(default_factory=dict)
    marked: int = 0
    child: bool = False


def dimension_present(counts: Counter, rule: Rule) -> Combination | None:
    """The first combination of ``rule`` that ``counts`` satisfies, or ``None``."""
    return next((c for c in rule.combinations if c.met_by(counts)), None)


def evaluate(marks: Iterable[Mark], *, rule: Rule = Rule(), child: bool) -> Result:
    """The level of concern for the marked indicators (see the module docstring)."""
    marks = {m.indicator: m for m in marks}.values()
    by_dimension: dict[str, Counter] = {}
    roles: dict[str, str] = {}
    for mark in marks:
        by_dimension.setdefault(mark.dimension, Counter())[mark.strength] += 1
        roles[mark.dimension] = mark.role
    result = Result(level=LOW, marked=len(marks), child=child)
    for dimension, counts in by_dimension.items():
        result.counts[dimension] = {s: counts[s] for s in STRENGTHS}
        combination = dimension_present(counts, rule)
        if combination:
            result.present.append(dimension)
            result.reasons[dimension] = combination
    result.present_means = [d for d in result.present if roles[d] == MEANS]
    result.purpose_present = any(roles[d] == PURPOSE for d in result.present)
    result.level = _level(result, rule)
    return result


def _level(result: Result, rule: Rule) -> str:
    min_means = rule.high_min_means_children if result.child else rule.high_min_means
    purpose_ok = result.purpose_present or not rule.high_requires_purpose
    if result.present and purpose_ok and len(result.present_means) >= min_means:
        return HIGH
    if (
        len(result.present) >= rule.elevated_min_dimensions
        or result.marked >= rule.elevated_min_indicators
    ):
        return ELEVATED
    return LOW


def level_rank(level: str) -> int:
    return LEVELS.index(level)
