import datetime
import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lms import registry, services
from lms.forms import AccountDeleteForm, ProfileForm
from lms.health import health_response
from lms.models import Institution, OutboxMessage, Profile
from lms.permissions import OUTBOX_PERMISSION, permission_required
from lms.text import search_key


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile, _created = Profile.objects.get_or_create(user=request.user)
    first_time = not profile.is_complete
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile_data = {f: data[f] for f in ProfileForm.Meta.fields}
        profile_data["institution"] = services.institution_resolve(
            name=data["institution_name"],
            system=data["system"],
            municipality=data["municipality"],
        )
        services.profile_update(
            user=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            profile_data=profile_data,
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect(next_url or "dashboard")
    return render(
        request,
        "lms/profile_form.html",
        {"form": form, "first_time": first_time, "next": next_url},
    )


@login_required
def dashboard(request):
    panels = [p for p in (panel(request) for panel in registry.dashboard_panels) if p]
    return render(request, "lms/dashboard.html", {"panels": panels})


@require_GET
def institution_search(request):
    """Reviewed institutions matching ``q`` in either script, for the profile form.

    Names typed by participants are shown to nobody but their author until
    staff confirm them in the admin: anyone could otherwise plant text in
    everyone's suggestions.
    """
    query = request.GET.get("q", "").strip()[:100]
    if len(search_key(query)) < 2:
        return JsonResponse({"results": []})
    institutions = (
        Institution.objects.matching(query)
        .visible_to(request.user)
        .order_by("-confirmed", "name")
        .values("id", "name")[:20]
    )
    return JsonResponse({"results": list(institutions)})


@login_required
@require_GET
def personal_data_download(request):
    data = services.personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="moji-podaci-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        # Delete first: if a deletion handler fails, nothing is lost and the
        # person stays logged in to try again or ask for help.
        services.account_delete(user=user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(
        request,
        "lms/account_delete.html",
        {"form": form, "notices": registry.deletion_notices},
    )


@require_GET
def security_txt(request):
    """Where to report a vulnerability (RFC 9116), renewed a year ahead."""
    expires = timezone.now().astimezone(datetime.UTC) + datetime.timedelta(days=365)
    site = settings.SITE_URL.rstrip("/")
    lines = [
        f"Contact: mailto:{settings.SECURITY_CONTACT_EMAIL}",
        f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: sr, en",
        f"Canonical: {site}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def healthz(request):
    # Normally answered by lms.health.HealthCheckMiddleware before this view.
    return health_response()


def _outbox_view(view):
    guarded = permission_required(OUTBOX_PERMISSION)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.OUTBOX_ENABLED:
            raise Http404
        return guarded(request, *args, **kwargs)

    return wrapped


@require_GET
@_outbox_view
def outbox(request):
    return render(
        request,
        "lms/outbox.html",
        {"messages_sent": OutboxMessage.objects.all()[:100]},
    )


@require_GET
@_outbox_view
def outbox_message(request, pk: int):
    message = get_object_or_404(OutboxMessage, pk=pk)
    return render(request, "lms/outbox_message.html", {"message": message})
