"""The screening tool's content for the assistant: each indicator with "why it
matters", the next steps and the expert's debrief of each case study.

Handed over through ``lms.registry``; ``exercises`` knows nothing of the
assistant.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import escape

from lms.registry import SearchableSource, SearchDocument, object_ref


def indicator_document(indicator) -> SearchDocument:
    indicator_set = indicator.indicator_set
    url = reverse("exercises:screening_tool", args=[indicator_set.slug])
    html = (
        f"<h3>{escape(indicator_set.name)}: {escape(indicator.dimension.name)}</h3>"
        f"<p>{escape(indicator.text)} {escape(indicator.explanation)}</p>"
    )
    return SearchDocument(
        key=f"indicator:{indicator_set.slug}:{indicator.code}",
        ref=object_ref(indicator),
        title=indicator.text,
        url=f"{url}#indicator-{indicator.pk}",
        html=html,
        kind="indicator",
    )


def step_document(step) -> SearchDocument:
    return SearchDocument(
        key=f"step:{step.key}",
        ref=object_ref(step),
        title=step.text,
        url=reverse("exercises:screening_index"),
        html=f"<p>{escape(step.text)}. {escape(step.explanation)}</p>",
        kind="step",
    )


def case_document(page) -> SearchDocument:
    steps = "".join(
        f"<li>{escape(row.step.text)}: {escape(row.reason)}</li>"
        for row in page.case_steps.select_related("step")
    )
    html = (
        f"<p>{escape(page.summary)}</p>"
        f"<h2>Одговор стручњака</h2>{page.expert_summary}"
        + (f"<h2>Следећи кораци</h2><ul>{steps}</ul>" if steps else "")
    )
    return SearchDocument(
        key=f"case:{page.slug}",
        ref=object_ref(page),
        title=page.title,
        url=page.get_url() or "",
        html=html,
        kind="case",
    )


def documents() -> Iterable[SearchDocument]:
    from exercises.models import CaseStudyPage, Indicator, NextStep

    indicators = Indicator.objects.filter(indicator_set__active=True).select_related(
        "indicator_set", "dimension"
    )
    for indicator in indicators:
        yield indicator_document(indicator)
    for step in NextStep.objects.all():
        yield step_document(step)
    for page in CaseStudyPage.objects.live().order_by("path"):
        yield case_document(page)


def documents_for(instance) -> Iterable[SearchDocument]:
    from exercises.models import CaseStudyPage, Indicator, NextStep

    instance = getattr(instance, "specific", instance)
    if isinstance(instance, Indicator) and instance.indicator_set.active:
        yield indicator_document(instance)
    elif isinstance(instance, NextStep):
        yield step_document(instance)
    elif isinstance(instance, CaseStudyPage) and instance.live:
        yield case_document(instance)


SOURCE = SearchableSource(
    name="screening",
    models=("exercises.indicator", "exercises.nextstep", "exercises.casestudypage"),
    documents=documents,
    documents_for=documents_for,
)
