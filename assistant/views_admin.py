"""Staff's anonymous list of questions the assistant could not answer."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assistant.models import UnansweredQuestion


def unanswered_list(request):
    user = request.user
    if not user.has_perm("assistant.view_unansweredquestion"):
        raise PermissionDenied
    if request.method == "POST":
        if not user.has_perm("assistant.delete_unansweredquestion"):
            raise PermissionDenied
        ids = [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()]
        deleted, _by_model = UnansweredQuestion.objects.filter(pk__in=ids).delete()
        messages.success(request, _("Deleted: %(count)s") % {"count": deleted})
        return redirect("assistant_unanswered")
    page = Paginator(UnansweredQuestion.objects.all(), 100).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "assistant/admin/unanswered.html",
        {
            "page_obj": page,
            "days": settings.ASSISTANT_UNANSWERED_DAYS,
            "header_title": _("Unanswered questions"),
        },
    )
