"""Demo content: indicators, the default rule, case studies and the exercises.

Idempotent: reference rows are found by key or code, pages by slug. The
content lives in ``exercises/data/*.json`` and was written for this platform
after the ILO/European Commission operational indicators (2009) and UNODC's
indicator lists, adapted to the situations of the 2025 training report.
"""

import json
from pathlib import Path

from django.db import transaction

from exercises.models import (
    CaseIndicator,
    CaseStep,
    CaseStudyIndexPage,
    CaseStudyPage,
    Dimension,
    ExerciseIndexPage,
    ExercisePage,
    ExploitationForm,
    Indicator,
    IndicatorSet,
    NextStep,
    RuleCombination,
    ScreeningRule,
)
from lms.models import HomePage, System

DATA = Path(__file__).resolve().parent / "data"


def _json(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_demo(stdout) -> None:
    data = _json("indicators.json")
    load_indicators(data)
    counts = {s.name: s.indicators.count() for s in IndicatorSet.objects.all()}
    stdout.write(f"Indicators: {counts}")
    home = HomePage.objects.first()
    cases = _json("case-studies.json")
    index = _case_index(home)
    for case in cases:
        _case(index, case)
    stdout.write(f"{len(cases)} case studies")
    exercises = _json("exercises.json")
    exercise_index = _exercise_index(home)
    for page in exercises:
        _exercise(exercise_index, page)
    stdout.write(f"{len(exercises)} exercise pages")


def load_indicators(data: dict) -> None:
    """Dimensions, forms, next steps, the default rule and the indicator sets."""
    for order, row in enumerate(data["dimensions"]):
        Dimension.objects.update_or_create(
            key=row["key"],
            defaults={
                "name": row["name"],
                "role": row["role"],
                "description": row["description"],
                "sort_order": order,
            },
        )
    for order, row in enumerate(data["forms"]):
        ExploitationForm.objects.update_or_create(
            key=row["key"], defaults={"name": row["name"], "sort_order": order}
        )
    for order, row in enumerate(data["next_steps"]):
        NextStep.objects.update_or_create(
            key=row["key"],
            defaults={
                "text": row["text"],
                "explanation": row["explanation"],
                "sort_order": order,
            },
        )
    _rule(data["rule"])
    for order, row in enumerate(data["sets"]):
        _indicator_set(row, order)


def _rule(row: dict) -> None:
    if ScreeningRule.objects.exists():
        return
    rule = ScreeningRule.objects.create(
        name=row["name"],
        is_default=True,
        notes=row["notes"],
        **{
            key: row[key]
            for key in (
                "high_requires_purpose",
                "high_min_means",
                "high_min_means_children",
                "elevated_min_dimensions",
                "elevated_min_indicators",
            )
        },
    )
    for order, (strong, medium, weak) in enumerate(row["combinations"]):
        RuleCombination.objects.create(
            rule=rule, strong=strong, medium=medium, weak=weak, sort_order=order
        )


def _indicator_set(row: dict, order: int) -> None:
    indicator_set, _created = IndicatorSet.objects.update_or_create(
        slug=row["slug"],
        defaults={
            "name": row["name"],
            "intro": row["intro"],
            "system": System.objects.filter(key=row["system"]).first(),
            "sort_order": order,
        },
    )
    dimensions = {d.key: d for d in Dimension.objects.all()}
    forms = {f.key: f for f in ExploitationForm.objects.all()}
    for item in row["indicators"]:
        indicator, _created = Indicator.objects.update_or_create(
            indicator_set=indicator_set,
            code=item["code"],
            defaults={
                "text": item["text"],
                "explanation": item["explanation"],
                "dimension": dimensions[item["dimension"]],
                "strength": item["strength"],
                "for_adults": item["adults"],
                "for_children": item["children"],
                "sort_order": item["sort_order"],
            },
        )
        indicator.forms.set([forms[key] for key in item["forms"]])


def _case_index(home) -> CaseStudyIndexPage:
    index = CaseStudyIndexPage.objects.first()
    if index:
        return index
    return home.add_child(
        instance=CaseStudyIndexPage(
            title="Студије случаја",
            slug="studije-slucaja",
            show_in_menus=True,
            intro=(
                "<p>Измишљене, анонимизоване приче за вежбање апликације за "
                "препознавање случајева трговине људима. Прочитајте случај, "
                "означите индикаторе, изаберите следеће кораке и упоредите свој "
                "одговор са одговором стручњака. Нема мерења времена ни ранг "
                "листе.</p>"
            ),
        )
    )


def _case(index: CaseStudyIndexPage, row: dict) -> CaseStudyPage:
    page = CaseStudyPage.objects.filter(slug=row["slug"]).first()
    if page:
        return page
    indicator_set = IndicatorSet.objects.get(slug=row["set"])
    codes = {i.code: i for i in indicator_set.indicators.all()}
    steps = {s.key: s for s in NextStep.objects.all()}
    page = CaseStudyPage(
        title=row["title"],
        slug=row["slug"],
        summary=row["summary"],
        content_warning=row["content_warning"],
        story=[("part", part) for part in row["story"]],
        sector=System.objects.get(key=row["sector"]),
        indicator_set=indicator_set,
        age_group=row["age_group"],
        gender=row["gender"],
        citizenship=row["citizenship"],
        exploitation_form=ExploitationForm.objects.filter(key=row["form"]).first(),
        expected_level=row["expected_level"],
        expert_summary=row["expert_summary"],
    )
    for kind in ("present", "tempting"):
        page.case_indicators.add(
            *[
                CaseIndicator(
                    indicator=codes[item["code"]], kind=kind, note=item["note"]
                )
                for item in row[kind]
            ]
        )
    page.case_steps.add(
        *[
            CaseStep(
                step=steps[item["key"]],
                recommended=item["recommended"],
                reason=item["reason"],
            )
            for item in row["steps"]
        ]
    )
    index.add_child(instance=page)
    return page


def _exercise_index(home) -> ExerciseIndexPage:
    index = ExerciseIndexPage.objects.first()
    if index:
        return index
    return home.add_child(
        instance=ExerciseIndexPage(
            title="Вежбе са обуке",
            slug="vezbe",
            show_in_menus=True,
            intro=(
                "<p>Вежбе које су учесници радили на обукама 2025, за самостално "
                "вежбање или у групи са тренером.</p>"
            ),
        )
    )


def _exercise(index: ExerciseIndexPage, row: dict) -> ExercisePage:
    page = ExercisePage.objects.filter(slug=row["slug"]).first()
    if page:
        return page
    kind, value = row["block"]
    return index.add_child(
        instance=ExercisePage(
            title=row["title"],
            slug=row["slug"],
            intro=row["intro"],
            body=[(kind, value)],
        )
    )
