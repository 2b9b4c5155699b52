"""The referrer's side: write a draft, send it, follow it, write to the Centre."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.models import CentreContacts
from referrals import access, selectors, services
from referrals.forms import AttachmentForm, MessageForm, ReferralForm
from referrals.models import Action, Status
from referrals.services import ReferralError
from referrals.views.guards import login_with_mfa_for_centre

LEVELS = ("low", "elevated", "high")


def _contacts(request):
    return CentreContacts.for_request(request)


def _indicators(ids):
    from exercises.models import Indicator

    return list(Indicator.objects.filter(pk__in=ids).order_by("pk"))


def _ids(values) -> list[int]:
    ids = []
    for value in values[:100]:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return [i.pk for i in _indicators(ids)]


def _attach(request, referral, upload) -> None:
    if not upload:
        return
    try:
        services.referral_attachment_add(
            referral=referral, actor=request.user, upload=upload
        )
    except ReferralError as error:
        messages.error(request, " ".join(error.messages))


def _after_save(request, referral):
    if "review" in request.POST:
        return redirect("referrals:confirm", referral.pk)
    messages.success(request, _("The draft is saved. It has not been sent yet."))
    return redirect("referrals:edit", referral.pk)


def _form_context(request, form, indicator_ids, level, referral=None) -> dict:
    return {
        "form": form,
        "contacts": _contacts(request),
        "indicators": _indicators(indicator_ids),
        "indicator_ids": indicator_ids,
        "level": level,
        "referral": referral,
    }


def _draft_fields(form) -> dict:
    fields = dict(form.cleaned_data)
    fields.pop("attachment", None)
    return fields


@login_with_mfa_for_centre
@require_http_methods(["GET", "POST"])
def referral_new(request):
    source = request.POST if request.method == "POST" else request.GET
    indicator_ids = _ids(source.getlist("i"))
    level = source.get("level") if source.get("level") in LEVELS else ""
    age = source.get("age") if source.get("age") in ("child", "adult") else ""
    form = ReferralForm(
        request.POST or None,
        request.FILES or None,
        initial={"age_group": age},
    )
    if request.method == "POST" and form.is_valid():
        referral = services.referral_create_draft(
            referrer=request.user,
            indicator_ids=indicator_ids,
            screening_level=level,
            **_draft_fields(form),
        )
        _attach(request, referral, form.cleaned_data.get("attachment"))
        return _after_save(request, referral)
    context = _form_context(request, form, indicator_ids, level)
    return render(request, "referrals/referral_form.html", context)


def _own_draft(request, pk):
    referral = selectors.referral_get_for_reader(user=request.user, pk=pk)
    if not access.can_edit_draft(request.user, referral):
        raise Http404
    return referral


@login_with_mfa_for_centre
@require_http_methods(["GET", "POST"])
def referral_edit(request, pk: int):
    referral = _own_draft(request, pk)
    form = ReferralForm(request.POST or None, request.FILES or None, instance=referral)
    if request.method == "POST" and form.is_valid():
        services.referral_update_draft(
            referral=referral, actor=request.user, **_draft_fields(form)
        )
        _attach(request, referral, form.cleaned_data.get("attachment"))
        return _after_save(request, referral)
    context = _form_context(
        request, form, referral.indicator_ids, referral.screening_level, referral
    )
    return render(request, "referrals/referral_form.html", context)


@login_with_mfa_for_centre
@require_http_methods(["GET", "POST"])
def referral_confirm(request, pk: int):
    referral = _own_draft(request, pk)
    if request.method == "POST":
        try:
            services.referral_send(referral=referral, actor=request.user)
        except ReferralError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("referrals:edit", referral.pk)
        messages.success(
            request,
            _("Your referral has been sent to the Centre. You can follow it here."),
        )
        return redirect("referrals:detail", referral.pk)
    return render(
        request,
        "referrals/referral_confirm.html",
        {
            "referral": referral,
            "indicators": _indicators(referral.indicator_ids),
            "contacts": _contacts(request),
        },
    )


@login_with_mfa_for_centre
def referral_mine(request):
    referrals = selectors.referrals_of(request.user)
    return render(request, "referrals/my_referrals.html", {"referrals": referrals})


@login_with_mfa_for_centre
def referral_detail(request, pk: int):
    referral = selectors.referral_get_for_reader(user=request.user, pk=pk)
    if referral.status == Status.DRAFT:
        return redirect("referrals:edit", referral.pk)
    from referrals.views.centre import centre_context

    is_referrer = referral.referrer_id == request.user.pk
    context = {
        "referral": referral,
        "indicators": _indicators(referral.indicator_ids),
        "thread": referral.messages.select_related("author"),
        "attachments": referral.attachments.all(),
        "history": referral.events.filter(
            action__in=[Action.SENT, Action.STATUS]
        ).select_related("actor"),
        "message_form": MessageForm(),
        "attachment_form": AttachmentForm(),
        "is_referrer": is_referrer,
        "contacts": _contacts(request),
    }
    if not is_referrer:
        context.update(centre_context(referral))
    return render(request, "referrals/referral_detail.html", context)


@login_with_mfa_for_centre
@require_POST
def message_add(request, pk: int):
    referral = selectors.referral_get_for_reader(user=request.user, pk=pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message."))
        return redirect("referrals:detail", referral.pk)
    try:
        services.referral_message_add(
            referral=referral,
            author=request.user,
            body=form.cleaned_data["body"],
            from_centre=referral.referrer_id != request.user.pk,
        )
    except ReferralError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your message has been sent."))
    return redirect("referrals:detail", referral.pk)


@login_with_mfa_for_centre
@require_POST
def attachment_add(request, pk: int):
    referral = selectors.referral_get_for_reader(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        _attach(request, referral, form.cleaned_data["attachment"])
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("referrals:detail", referral.pk)


@login_with_mfa_for_centre
def attachment_download(request, pk: int):
    from referrals import storage

    attachment = selectors.attachment_get_for_reader(user=request.user, pk=pk)
    response = HttpResponse(
        storage.read(attachment.storage_name), content_type=attachment.content_type
    )
    # A neutral name: the original may say something about the person.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    name = f"prilog-{attachment.pk}.{extension.get(attachment.content_type, 'docx')}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
