"""Demo content: case studies and the exercises, on top of the indicators.

Idempotent: reference rows are found by key or code, pages by slug. The
indicators and the default rule are reference content that a migration loads
(``exercises.reference_data``); the demo only makes sure they are there. The
content lives in ``exercises/data/*.json`` and was written for this platform
after the ILO/European Commission operational indicators (2009) and UNODC's
indicator lists, adapted to the situations of the 2025 training report.
"""

from django.apps import apps as django_apps
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model

from exercises.models import (
    CaseIndicator,
    CaseStep,
    CaseStudyIndexPage,
    CaseStudyPage,
    ExerciseIndexPage,
    ExercisePage,
    ExploitationForm,
    IndicatorSet,
    NextStep,
)
from exercises.reference_data import DATA, load_screening_content, read
from exercises.spotting import demo as spotting_demo
from lms.models import HomePage, System


def _json(name: str):
    return read(name)


@transaction.atomic
def load_demo(stdout) -> None:
    load_indicators()
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


def load_indicators(data: dict | None = None) -> dict[str, int]:
    """The reference content the migration loads (adds only what is missing)."""
    return load_screening_content(django_apps, data)


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
    if kind == "video_spotting":
        value = spotting_demo.block_value(value)
    if "image_file" in value:
        value = dict(value)
        image = _scene_image(value.pop("image_file"), value.pop("image_title"))
        value["image"] = image
    return index.add_child(
        instance=ExercisePage(
            title=row["title"],
            slug=row["slug"],
            intro=row["intro"],
            body=[(kind, value)],
        )
    )


def _scene_image(filename: str, title: str):
    """The demo scene (drawn by ``scripts/draw_detective_scene.py``), once."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        with (DATA / filename).open("rb") as handle:
            image = Image(title=title, file=ImageFile(handle, name=filename))
            image.save()
    return image
