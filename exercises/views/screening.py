"""The screening tool in practice mode: choose a set, mark indicators, see why."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exercises import selectors, services
from exercises.forms import ChecklistForm
from exercises.models import AgeGroup, Dimension, IndicatorSet, Level
from lms import registry


def screening_index(request):
    sets = IndicatorSet.objects.active()
    return render(request, "exercises/screening_index.html", {"sets": sets})


def group_by_dimension(indicators) -> list[tuple]:
    return [
        (dimension, list(items))
        for dimension, items in groupby(indicators, key=lambda i: i.dimension)
    ]


@require_http_methods(["GET", "POST"])
def screening_tool(request, slug: str):
    indicator_set = get_object_or_404(IndicatorSet.objects.active(), slug=slug)
    age_group = request.POST.get("age_group") or request.GET.get("uzrast")
    if age_group not in AgeGroup.values:
        return render(
            request, "exercises/screening_start.html", {"indicator_set": indicator_set}
        )
    indicators = selectors.indicators_for(
        indicator_set=indicator_set, age_group=age_group
    )
    form = ChecklistForm(
        request.POST or None,
        indicators=indicators,
        initial={"age_group": age_group},
    )
    context = {
        "indicator_set": indicator_set,
        "age_group": age_group,
        "age_label": AgeGroup(age_group).label,
        "groups": group_by_dimension(indicators),
        "form": form,
    }
    if request.method == "POST":
        if not form.is_valid():
            raise Http404
        marked = list(form.cleaned_data["indicator"].select_related("dimension"))
        context.update(screening_result_context(marked, age_group))
        context["result_actions"] = result_actions(request, context, age_group)
        services.screening_attempt_record(
            user=request.user,
            indicator_set=indicator_set,
            age_group=age_group,
            indicator_ids=[i.pk for i in marked],
            level=context["result"].level,
        )
        return render(request, "exercises/screening_result.html", context)
    return render(request, "exercises/screening_tool.html", context)


def result_actions(request, context: dict, age_group: str) -> list[dict]:
    """Links other apps offer under a result: ids and level only, never text."""
    return registry.result_actions_for(
        request,
        {
            "indicator_ids": [i.pk for i in context["marked"]],
            "level": context["result"].level,
            "age_group": age_group,
        },
    )


def combination_text(combination) -> str:
    """ "1 strong + 1 of any strength": a combination of the rule in words."""
    parts = [
        (combination.strong, _("%(count)s strong")),
        (combination.medium, _("%(count)s medium or stronger")),
        (combination.weak, _("%(count)s of any strength")),
    ]
    return " + ".join(text % {"count": n} for n, text in parts if n)


def screening_result_context(marked, age_group: str) -> dict:
    """The result and everything the result screen explains it with."""
    result = selectors.screening_evaluate(indicators=marked, age_group=age_group)
    rule, thresholds = selectors.rule_current()
    dimensions = {d.key: d for d in Dimension.objects.all()}
    rows = []
    for dimension, items in group_by_dimension(
        sorted(marked, key=lambda i: (i.dimension.sort_order, i.sort_order, i.pk))
    ):
        rows.append(
            {
                "dimension": dimension,
                "indicators": items,
                "present": dimension.key in result.present,
                "reason": result.reasons.get(dimension.key),
                "reason_text": combination_text(result.reasons[dimension.key])
                if dimension.key in result.reasons
                else "",
            }
        )
    return {
        "result": result,
        "level_label": Level(result.level).label,
        "dimension_rows": rows,
        "present_dimensions": [
            dimensions[k] for k in result.present if k in dimensions
        ],
        "rule": rule,
        "thresholds": thresholds,
        "combinations": [combination_text(c) for c in thresholds.combinations],
        "marked": marked,
        "is_child": age_group == AgeGroup.CHILD,
    }
