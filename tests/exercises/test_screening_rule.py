"""The screening rule on hand-built cases, and its properties (hypothesis)."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercises.screening import (
    ELEVATED,
    HIGH,
    LOW,
    MEANS,
    PURPOSE,
    SIGNS,
    STRENGTHS,
    Combination,
    Mark,
    Rule,
    evaluate,
    level_rank,
)

_ids = itertools.count(1)
ROLES = {
    "deception": MEANS,
    "coercion": MEANS,
    "vulnerability": MEANS,
    "control": MEANS,
    "exploitation": PURPOSE,
    "health": SIGNS,
}


def marks(dimension, *strengths):
    return [Mark(next(_ids), dimension, ROLES[dimension], s) for s in strengths]


@pytest.mark.parametrize(
    "strengths",
    [
        ("strong", "strong"),
        ("strong", "medium"),
        ("strong", "weak"),
        ("medium", "medium", "medium"),
        ("medium", "medium", "weak"),
        ("strong", "strong", "weak"),
    ],
)
def test_each_combination_makes_a_dimension_present(strengths):
    result = evaluate(marks("control", *strengths), child=False)
    assert result.present == ["control"]
    assert result.level == ELEVATED


@pytest.mark.parametrize(
    "strengths",
    [
        ("strong",),
        ("medium", "medium"),
        ("medium", "weak"),
        ("weak", "weak"),
    ],
)
def test_too_few_or_too_weak_is_not_a_dimension(strengths):
    result = evaluate(marks("control", *strengths), child=False)
    assert result.present == []
    assert result.level == LOW


def test_three_weak_indicators_are_not_a_dimension_but_raise_concern():
    result = evaluate(marks("health", "weak", "weak", "weak"), child=False)
    assert result.present == []
    assert result.level == ELEVATED  # three indicators marked in all


def test_adult_needs_exploitation_and_a_means_dimension_for_high():
    exploitation = marks("exploitation", "strong", "medium")
    control = marks("control", "strong", "strong")
    assert evaluate(exploitation, child=False).level == ELEVATED
    assert evaluate(control, child=False).level == ELEVATED
    both = evaluate(exploitation + control, child=False)
    assert both.level == HIGH
    assert both.present_means == ["control"]


def test_children_do_not_need_means():
    exploitation = marks("exploitation", "strong", "weak")
    assert evaluate(exploitation, child=True).level == HIGH
    assert evaluate(exploitation, child=False).level == ELEVATED


def test_signs_on_health_are_not_means():
    exploitation = marks("exploitation", "strong", "weak")
    health = marks("health", "strong", "strong")
    result = evaluate(exploitation + health, child=False)
    assert set(result.present) == {"exploitation", "health"}
    assert result.level == ELEVATED


def test_no_marks_is_low():
    result = evaluate([], child=True)
    assert result.level == LOW
    assert result.marked == 0


def test_a_stricter_rule_from_the_admin_changes_the_result():
    strict = Rule(combinations=(Combination(strong=3),), high_min_means=2)
    exploitation = marks("exploitation", "strong", "strong", "strong")
    control = marks("control", "strong", "strong", "strong")
    assert evaluate(exploitation + control, rule=strict, child=False).level == ELEVATED
    two_strong = marks("exploitation", "strong", "strong")
    assert evaluate(two_strong, rule=strict, child=True).present == []


def test_the_same_indicator_marked_twice_counts_once():
    mark = marks("control", "strong")[0]
    assert evaluate([mark, mark], child=False).present == []


# Properties --------------------------------------------------------------------

mark_strategy = st.builds(
    Mark,
    indicator=st.integers(min_value=1, max_value=60),
    dimension=st.sampled_from(sorted(ROLES)),
    role=st.just(None),
    strength=st.sampled_from(STRENGTHS),
).map(lambda m: Mark(m.indicator, m.dimension, ROLES[m.dimension], m.strength))


def unique(marks_):
    return list({m.indicator: m for m in marks_}.values())


combination_strategy = st.builds(
    Combination,
    strong=st.integers(0, 3),
    medium=st.integers(0, 3),
    weak=st.integers(0, 3),
).filter(lambda c: c.strong + c.medium + c.weak > 0)

rule_strategy = st.builds(
    Rule,
    combinations=st.lists(combination_strategy, min_size=1, max_size=4).map(tuple),
    high_requires_purpose=st.booleans(),
    high_min_means=st.integers(0, 3),
    high_min_means_children=st.integers(0, 3),
    elevated_min_dimensions=st.integers(1, 3),
    elevated_min_indicators=st.integers(1, 6),
)


@given(
    base=st.lists(mark_strategy, max_size=25),
    extra=mark_strategy,
    child=st.booleans(),
    rule=rule_strategy,
)
def test_marking_one_more_indicator_never_lowers_the_level(base, extra, child, rule):
    base = [m for m in unique(base) if m.indicator != extra.indicator]
    before = evaluate(base, rule=rule, child=child)
    after = evaluate([*base, extra], rule=rule, child=child)
    assert level_rank(after.level) >= level_rank(before.level)
    assert set(before.present) <= set(after.present)


@given(base=st.lists(mark_strategy, max_size=25), rule=rule_strategy)
def test_a_child_is_never_rated_lower_than_an_adult(base, rule):
    rule = Rule(
        combinations=rule.combinations,
        high_requires_purpose=rule.high_requires_purpose,
        high_min_means=rule.high_min_means,
        high_min_means_children=min(rule.high_min_means_children, rule.high_min_means),
        elevated_min_dimensions=rule.elevated_min_dimensions,
        elevated_min_indicators=rule.elevated_min_indicators,
    )
    adult = evaluate(base, rule=rule, child=False)
    child = evaluate(base, rule=rule, child=True)
    assert level_rank(child.level) >= level_rank(adult.level)


@given(base=st.lists(mark_strategy, max_size=25), child=st.booleans())
def test_order_does_not_matter(base, child):
    base = unique(base)
    forward = evaluate(base, child=child)
    backward = evaluate(list(reversed(base)), child=child)
    assert forward.level == backward.level
    assert set(forward.present) == set(backward.present)


@given(base=st.lists(mark_strategy, min_size=1, max_size=25), child=st.booleans())
def test_making_an_indicator_stronger_never_lowers_the_level(base, child):
    base = unique(base)
    weakest = base[0]
    stronger = Mark(weakest.indicator, weakest.dimension, weakest.role, "strong")
    before = evaluate(base, child=child)
    after = evaluate([stronger, *base[1:]], child=child)
    assert level_rank(after.level) >= level_rank(before.level)


@given(base=st.lists(mark_strategy, max_size=25), child=st.booleans())
def test_the_default_rule_gives_high_only_with_exploitation_and_explains_it(
    base, child
):
    result = evaluate(base, child=child)
    if result.level == HIGH:
        assert result.purpose_present
        assert child or result.present_means
    for dimension in result.present:
        assert result.reasons[dimension] in Rule().combinations
    assert result.marked == len(unique(base))
