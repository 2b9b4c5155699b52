"""The evaluation questionnaire (participants) and its results (trainers, staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events.evaluations import services as evaluations
from events.evaluations.forms import EvaluationAnswerForm, EvaluationTemplateForm
from events.evaluations.results import results_grouped, training_results
from events.models import EvaluationForm, TrainingPage
from events.selectors import trainings_for_trainer
from events.views.checkin import _training_run_by
from lms.links import site_url
from lms.permissions import permission_required


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_answer(request, training_id: int):
    """One screen: five ratings, three optional open questions, send."""
    training = get_object_or_404(TrainingPage, pk=training_id)
    registration = evaluations.evaluation_registration(
        training=training, user=request.user
    )
    try:
        evaluations.evaluation_check_allowed(
            training=training, registration=registration
        )
    except evaluations.EvaluationError as error:
        return render(
            request,
            "events/evaluation_closed.html",
            {"training": training, "reason": " ".join(error.messages)},
            status=200 if error.code == "duplicate" else 403,
        )
    form_settings = EvaluationForm.objects.filter(training=training).first()
    form = EvaluationAnswerForm(
        request.POST or None,
        extra_questions=form_settings.extra_questions if form_settings else (),
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluations.evaluation_submit(
                registration=registration,
                ratings=form.ratings,
                texts=form.texts,
                extra_answers=form.extra_answers,
            )
        except evaluations.EvaluationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you! Your answers are saved."))
        return redirect("events:my_trainings")
    return render(
        request, "events/evaluation_form.html", {"training": training, "form": form}
    )


@permission_required("lms.run_trainings")
@require_POST
def evaluation_open(request, training_id: int):
    training = _training_run_by(request, training_id)
    evaluations.evaluation_open(training=training)
    messages.success(request, _("The questionnaire is open for participants."))
    return redirect("events:evaluation_results", training_id=training.pk)


@permission_required("lms.view_all_data")
@require_POST
def evaluation_template(request, training_id: int):
    training = get_object_or_404(TrainingPage, pk=training_id)
    form = EvaluationTemplateForm(request.POST)
    if form.is_valid():
        try:
            evaluations.evaluation_template_apply(
                training=training, template=form.cleaned_data["template"]
            )
        except evaluations.EvaluationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The questionnaire is updated."))
    return redirect("events:evaluation_results", training_id=training.pk)


@permission_required("lms.run_trainings")
@require_GET
def evaluation_results(request, training_id: int):
    training = _training_run_by(request, training_id)
    form_settings = evaluations.evaluation_form_get(training=training)
    context = {
        "training": training,
        "results": training_results(training=training),
        "window": evaluations.evaluation_window(training=training),
        "form_settings": form_settings,
        "template_form": EvaluationTemplateForm(
            initial={"template": form_settings.template}
        ),
        "answer_url": site_url(reverse("events:evaluation_answer", args=[training.pk])),
    }
    return render(request, "events/evaluation_results.html", context)


@permission_required("lms.run_trainings")
@require_GET
def evaluation_overview(request):
    """Average ratings by lecturer, district and month (own trainings for trainers)."""
    trainings = trainings_for_trainer(request.user)
    return render(
        request,
        "events/evaluation_overview.html",
        {
            "groups": [
                (_("By lecturer"), results_grouped(trainings=trainings, by="lecturer")),
                (_("By district"), results_grouped(trainings=trainings, by="district")),
                (_("By month"), results_grouped(trainings=trainings, by="month")),
            ]
        },
    )
