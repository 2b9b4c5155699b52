"""A case study: read, mark indicators, choose steps, get explained feedback."""

from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse

from exercises import selectors, services
from exercises.forms import ChecklistForm
from exercises.views.screening import (
    group_by_dimension,
    result_actions,
    screening_result_context,
)


def case_study(request, page):
    indicators = selectors.indicators_for(
        indicator_set=page.indicator_set, age_group=page.age_group
    )
    steps = list(page.case_steps.select_related("step").order_by("step__sort_order"))
    form = ChecklistForm(
        request.POST if request.method == "POST" else None,
        indicators=indicators,
        steps=steps,
        initial={"age_group": page.age_group},
    )
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "groups": group_by_dimension(indicators),
            "steps": steps,
            "age_group": page.age_group,
        }
    )
    if request.method == "POST":
        if not form.is_valid():
            return HttpResponseBadRequest()
        marked = list(form.cleaned_data["indicator"].select_related("dimension"))
        step_ids = form.cleaned_data["step"]
        feedback = services.case_feedback(
            case=page, indicators=marked, step_ids=step_ids
        )
        services.case_attempt_record(
            user=request.user,
            case=page,
            feedback=feedback,
            indicator_ids=[i.pk for i in marked],
            step_ids=step_ids,
        )
        context.update(screening_result_context(marked, page.age_group))
        context["feedback"] = feedback
        context["result_actions"] = result_actions(request, context, page.age_group)
        template = "exercises/case_study_feedback.html"
    else:
        template = "exercises/case_study_page.html"
    return TemplateResponse(request, template, context)
