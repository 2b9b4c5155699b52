"""Read queries shared by the views, the demo and the tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import QuerySet

from exercises import screening
from exercises.models import (
    AgeGroup,
    CaseAttempt,
    CaseIndicatorKind,
    CaseStudyPage,
    ExerciseRun,
    Indicator,
    IndicatorSet,
    ScreeningRule,
)


def rule_current() -> tuple[ScreeningRule | None, screening.Rule]:
    """The rule staff marked as used (or the built-in default) and its thresholds."""
    rule = ScreeningRule.objects.filter(is_default=True).first()
    if rule is None:
        return None, screening.Rule()
    return rule, rule.as_rule()


def indicators_for(*, indicator_set: IndicatorSet, age_group: str) -> QuerySet:
    """The indicators of a set that apply to the age group, in dimension order."""
    return (
        Indicator.objects.filter(indicator_set=indicator_set)
        .for_age(age_group)
        .select_related("dimension")
        .prefetch_related("forms")
        .order_by("dimension__sort_order", "sort_order", "pk")
    )


def screening_evaluate(
    *, indicators: Iterable[Indicator], age_group: str
) -> screening.Result:
    """The rule's result for the given marked indicators."""
    _rule, rule = rule_current()
    marks = [indicator.as_mark() for indicator in indicators]
    return screening.evaluate(marks, rule=rule, child=age_group == AgeGroup.CHILD)


def case_studies_live() -> QuerySet:
    return CaseStudyPage.objects.live().select_related(
        "sector", "indicator_set", "exploitation_form"
    )


def case_expert_answer(case: CaseStudyPage) -> dict:
    """The expert's indicators (present and tempting) and steps of a case."""
    rows = case.case_indicators.select_related("indicator__dimension")
    present = {r.indicator_id: r for r in rows if r.kind == CaseIndicatorKind.PRESENT}
    tempting = {r.indicator_id: r for r in rows if r.kind == CaseIndicatorKind.TEMPTING}
    steps = list(case.case_steps.select_related("step"))
    return {"present": present, "tempting": tempting, "steps": steps}


def missed_indicators(*, case: CaseStudyPage | None = None, limit: int = 20) -> list:
    """The indicators trainees miss most often, counted without names."""
    attempts = CaseAttempt.objects.all()
    if case is not None:
        attempts = attempts.filter(case=case)
    counts: Counter = Counter()
    for missed in attempts.values_list("missed_ids", flat=True):
        counts.update(missed)
    indicators = Indicator.objects.in_bulk(list(counts)).values()
    rows = [{"indicator": i, "missed": counts[i.pk]} for i in indicators]
    rows.sort(key=lambda row: (-row["missed"], row["indicator"].pk))
    return rows[:limit]


def case_statistics() -> list[dict]:
    """Per case: number of attempts and how often the level matched the expert's."""
    rows = []
    for case in case_studies_live():
        attempts = list(case.attempts.values_list("level", "expected_level"))
        rows.append(
            {
                "case": case,
                "attempts": len(attempts),
                "level_matched": sum(1 for a, b in attempts if a == b),
            }
        )
    return rows


def run_open_by_code(code: str) -> ExerciseRun | None:
    """The live run a participant joins with the code shown in the room."""
    code = (code or "").strip().lower()[:12]
    if not code:
        return None
    return (
        ExerciseRun.objects.filter(code=code, closed_at__isnull=True)
        .select_related("page")
        .first()
    )


def run_viewable_by(user, run: ExerciseRun) -> bool:
    """Watching a run's results (aggregated, without names): the staff area."""
    return bool(
        user and user.is_authenticated and user.has_perm("lms.access_staff_area")
    )


def run_controlled_by(user, run: ExerciseRun) -> bool:
    """Closing a run: the trainer who started it, or centre staff (who see
    all data); never another trainer (issue 13)."""
    if not run_viewable_by(user, run):
        return False
    return run.started_by_id == user.pk or user.has_perm("lms.view_all_data")
