"""What referrals add to lower apps through ``lms.registry`` and the periodic runner."""

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def refer_action(request, result: dict) -> dict | None:
    """Under a screening or case-study result: start a real referral.

    Only the marked indicator ids and the level come over; never text typed
    in practice.
    """
    if not request.user.is_authenticated:
        return None
    query = [("i", int(i)) for i in result.get("indicator_ids", [])]
    if result.get("level"):
        query.append(("level", result["level"]))
    if result.get("age_group") in ("child", "adult"):
        query.append(("age", result["age_group"]))
    return {
        "url": reverse("referrals:new") + "?" + urlencode(query),
        "label": _("This is a real case: refer it to the Centre"),
        "css": "button button--refer",
    }


def account_links(request) -> list[dict]:
    """The account menu: "My referrals" for everyone signed in, the queue for
    the Centre's case workers."""
    from referrals.access import is_case_worker

    links = [{"url": reverse("referrals:mine"), "label": _("My referrals")}]
    if is_case_worker(request.user):
        links.append({"url": reverse("referrals:queue"), "label": _("Referral queue")})
    return links


def dashboard_panel(request) -> dict | None:
    from referrals.access import is_case_worker
    from referrals.models import Referral

    user = request.user
    mine = Referral.objects.filter(referrer=user).count()
    worker = is_case_worker(user)
    if not mine and not worker:
        return {"template": "referrals/panel.html", "mine": 0, "worker": False}
    return {"template": "referrals/panel.html", "mine": mine, "worker": worker}


def personal_data(user) -> list[dict]:
    """The person's referrals for "Download my data": metadata, not content.

    The content concerns another person (the one referred) and is given out
    only by the Centre on request.
    """
    return [
        {
            "number": r.number,
            "status": r.status,
            "sent_at": r.sent_at.isoformat() if r.sent_at else None,
        }
        for r in user.referrals.without_content()
    ]


def account_deleting(user) -> None:
    from referrals.services import referral_account_deleting

    referral_account_deleting(user=user)


def register_periodic_purge() -> None:
    from lms.periodic import register_periodic
    from referrals.tasks import referrals_purge_task

    register_periodic("referrals.purge", referrals_purge_task, timedelta(days=1))
