"""Operations that change state: practice attempts, case answers, exercise runs.

Practice stores only ids, levels and structured results: never a name or free
text about a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from exercises import live, screening, selectors
from exercises.models import (
    CaseAttempt,
    CaseStudyPage,
    ExerciseResponse,
    ExerciseRun,
    Indicator,
    IndicatorSet,
    ScreeningAttempt,
    ScreeningRule,
)
from exercises.models.attempts import new_run_code
from exercises.spotting import live as spotting_live
from lms import registry


def screening_attempt_record(
    *, user, indicator_set: IndicatorSet, age_group: str, indicator_ids, level: str
) -> ScreeningAttempt | None:
    """Keep a free practice run for a logged-in trainee (ids and level only)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ScreeningAttempt.objects.create(
        user=user,
        indicator_set=indicator_set,
        age_group=age_group,
        indicator_ids=sorted(int(i) for i in indicator_ids),
        level=level,
    )


@dataclass
class CaseFeedback:
    """What a trainee gets back on a case: each list holds (indicator, note)."""

    found: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    result: screening.Result | None = None
    expected_level: str = ""
    steps_right: list = field(default_factory=list)
    steps_missed: list = field(default_factory=list)
    steps_wrong: list = field(default_factory=list)

    @property
    def expert_total(self) -> int:
        return len(self.found) + len(self.missed)

    @property
    def level_matches(self) -> bool:
        return self.result is not None and self.result.level == self.expected_level


def case_feedback(
    *, case: CaseStudyPage, indicators: list[Indicator], step_ids
) -> CaseFeedback:
    """Compare the trainee's marks and steps with the expert's answer."""
    answer = selectors.case_expert_answer(case)
    present, tempting = answer["present"], answer["tempting"]
    marked = {i.pk: i for i in indicators}
    feedback = CaseFeedback(expected_level=case.expected_level)
    for pk, row in present.items():
        target = feedback.found if pk in marked else feedback.missed
        target.append((row.indicator, row.note))
    for pk, indicator in marked.items():
        if pk not in present:
            note = tempting[pk].note if pk in tempting else ""
            feedback.wrong.append((indicator, note))
    feedback.result = selectors.screening_evaluate(
        indicators=indicators, age_group=case.age_group
    )
    chosen = {int(s) for s in step_ids}
    for row in answer["steps"]:
        if row.recommended:
            target = feedback.steps_right if row.pk in chosen else feedback.steps_missed
            target.append(row)
        elif row.pk in chosen:
            feedback.steps_wrong.append(row)
    return feedback


def case_attempt_record(
    *, user, case: CaseStudyPage, feedback: CaseFeedback, indicator_ids, step_ids
) -> CaseAttempt | None:
    """Keep a logged-in trainee's answer to a case (ids and levels only)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return CaseAttempt.objects.create(
        user=user,
        case=case,
        indicator_ids=sorted(int(i) for i in indicator_ids),
        missed_ids=sorted(i.pk for i, _note in feedback.missed),
        wrong_ids=sorted(i.pk for i, _note in feedback.wrong),
        step_ids=sorted(int(s) for s in step_ids),
        level=feedback.result.level,
        expected_level=feedback.expected_level,
    )


def exercise_response_record(
    *, page, block_id: str, kind: str, user, result: dict, run: ExerciseRun | None
) -> ExerciseResponse | None:
    """Keep the structured result of an exercise (and count it in a live run)."""
    if not result:
        return None
    counted = run if run and run.closed_at is None else None
    response = ExerciseResponse.objects.create(
        page=page,
        block_id=block_id,
        kind=kind,
        user=user if getattr(user, "is_authenticated", False) else None,
        result=result,
        run=counted,
    )
    if counted is not None:
        live.publish_results(counted)
    return response


def exercise_run_open(*, page, block_id: str, user) -> ExerciseRun:
    """Start running an exercise block live with a group, under a code no
    other room (a live quiz, an activity) answers to."""
    code = registry.unused_join_code(
        new_run_code, lambda code: ExerciseRun.objects.filter(code=code).exists()
    )
    return ExerciseRun.objects.create(
        page=page, block_id=block_id, started_by=user, code=code
    )


@transaction.atomic
def exercise_run_close(*, run: ExerciseRun) -> ExerciseRun:
    """Stop counting answers in a live run."""
    run = ExerciseRun.objects.select_for_update().get(pk=run.pk)
    if run.closed_at is None:
        run.closed_at = timezone.now()
        run.save(update_fields=["closed_at"])
        live.publish_results(run)
        # A video spotting run: its phones stop and its projector shows the
        # timeline (a no-op for other exercises: nobody is in that group).
        spotting_live.publish_state(run)
    return run


def screening_rule_default_switch(*, rule: ScreeningRule) -> ScreeningRule:
    """Make ``rule`` the one the screening tool uses; the previous one steps down.

    The database allows one default (``screening_rule_one_default``), so the
    previous default is unmarked before this one is marked. A rule not saved yet
    is only marked in memory: saving it (the admin form does) completes the switch.
    """
    with transaction.atomic():
        others = ScreeningRule.objects.select_for_update().filter(is_default=True)
        if rule.pk is not None:
            others = others.exclude(pk=rule.pk)
        others.update(is_default=False)
        rule.is_default = True
        if rule.pk is not None:
            ScreeningRule.objects.filter(pk=rule.pk).update(is_default=True)
    return rule
