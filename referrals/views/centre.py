"""The Centre's side: the queue, assignment, status and outcome, exports, audit."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from referrals import export, selectors, services
from referrals.forms import AssignForm, IdentifiedForm, StatusForm
from referrals.models import Action, PersonOutcome, ReferralEvent
from referrals.services import ReferralError
from referrals.views.guards import case_worker_required, head_required


def _people_counts(people) -> dict[str, int]:
    return {
        "girls": sum(p.age_group == "child" and p.gender == "female" for p in people),
        "boys": sum(p.age_group == "child" and p.gender == "male" for p in people),
        "women": sum(p.age_group == "adult" and p.gender == "female" for p in people),
        "men": sum(p.age_group == "adult" and p.gender == "male" for p in people),
    }


def centre_context(referral) -> dict:
    people = list(referral.identified.all())
    forms = {
        kind: IdentifiedForm(
            initial=_people_counts([p for p in people if p.kind == kind]),
            prefix=kind,
        )
        for kind in PersonOutcome.values
    }
    return {
        "centre": True,
        "assign_form": AssignForm(
            initial={"assignee": referral.assigned_to_id},
            case_workers=selectors.case_workers(),
        ),
        "status_form": StatusForm(
            initial={"status": referral.status, "outcome": referral.outcome}
        ),
        "identified_form": forms[PersonOutcome.IDENTIFIED],
        "helped_form": forms[PersonOutcome.HELPED],
        "notes": referral.events.filter(action=Action.STATUS)
        .exclude(note="")
        .select_related("actor"),
    }


@case_worker_required
def queue(request):
    return render(
        request, "referrals/queue.html", {"queue": selectors.queue(user=request.user)}
    )


def _done(request, call, pk: int, success: str):
    try:
        call()
    except ReferralError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("referrals:detail", pk)


@case_worker_required
@require_POST
def assign(request, pk: int):
    referral = selectors.referral_get_for_reader(user=request.user, pk=pk)
    form = AssignForm(request.POST, case_workers=selectors.case_workers())
    if not form.is_valid():
        messages.error(request, _("Choose a case worker."))
        return redirect("referrals:detail", pk)
    return _done(
        request,
        lambda: services.referral_assign(
            referral=referral,
            actor=request.user,
            assignee=form.cleaned_data["assignee"],
        ),
        pk,
        _("Assignment saved."),
    )


@case_worker_required
@require_POST
def status_change(request, pk: int):
    referral = selectors.referral_get_for_reader(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("referrals:detail", pk)
    return _done(
        request,
        lambda: services.referral_status_change(
            referral=referral, actor=request.user, **form.cleaned_data
        ),
        pk,
        _("Status saved. The referrer is told by e-mail that it changed."),
    )


@case_worker_required
@require_POST
def identified_set(request, pk: int):
    referral = selectors.referral_get_for_reader(user=request.user, pk=pk)
    kind = request.POST.get("kind", PersonOutcome.IDENTIFIED)
    if kind not in PersonOutcome.values:
        kind = PersonOutcome.IDENTIFIED
    form = IdentifiedForm(request.POST, prefix=kind)
    if not form.is_valid():
        messages.error(request, _("Enter whole numbers from 0 to 50."))
        return redirect("referrals:detail", pk)
    return _done(
        request,
        lambda: services.referral_identified_set(
            referral=referral, actor=request.user, people=form.people(), kind=kind
        ),
        pk,
        _("Identified people saved.")
        if kind == PersonOutcome.IDENTIFIED
        else _("Helped people saved."),
    )


@case_worker_required
def export_json(request, pk: int):
    referral = selectors.referral_get_for_reader(
        user=request.user, pk=pk, action=Action.EXPORTED
    )
    body = json.dumps(
        export.referral_document(referral),
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{referral.number}.json"'
    response["Cache-Control"] = "no-store"
    return response


@case_worker_required
def export_pdf(request, pk: int):
    referral = selectors.referral_get_for_reader(
        user=request.user, pk=pk, action=Action.EXPORTED
    )
    response = HttpResponse(
        export.referral_pdf(referral), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{referral.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@head_required
def audit_log(request):
    events = (
        ReferralEvent.objects.select_related("actor", "referral")
        .defer(
            "note",
            "referral__description",
            "referral__actions_taken",
            "referral__contact_details",
        )
        .order_by("-created_at", "-pk")
    )
    referral = request.GET.get("prijava", "")
    if referral.isdigit():
        events = events.filter(referral_id=int(referral))
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request, "referrals/audit_log.html", {"page": page, "referral": referral}
    )
