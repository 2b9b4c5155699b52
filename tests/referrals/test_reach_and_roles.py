"""Where people find referrals, the site-wide MFA rule for the Centre's roles,
lists counted as reads, and the Centre's actions refused to everyone else."""

import pytest
from allauth.mfa.models import Authenticator
from django.db.models import Max
from django.urls import reverse

from referrals.models import Action, ReferralEvent, ReferralMessage
from tests.helpers import soup

SETUP = "/accounts/2fa/totp/activate/"
OUTSIDERS = ["other_participant", "trainer", "chamber_user", "staff_user"]


def account_links(response) -> dict[str, str]:
    menu = soup(response).select_one("nav.site-nav__account")
    return {a["href"]: " ".join(a.get_text().split()) for a in menu.select("a")}


def test_signed_in_professionals_find_their_referrals_in_the_account_menu(
    client, referrer, case_worker
):
    mine, queue = reverse("referrals:mine"), reverse("referrals:queue")
    client.force_login(referrer)

    links = account_links(client.get(reverse("dashboard")))

    assert links[mine] == "Моје пријаве сумње"
    assert queue not in links

    client.force_login(case_worker)
    links = account_links(client.get(reverse("dashboard")))
    assert links[mine] == "Моје пријаве сумње"
    assert links[queue] == "Пријаве сумње за обраду"


def test_anonymous_visitors_see_no_referral_links(client, db):
    response = client.get(reverse("account_login"))

    assert reverse("referrals:mine") not in account_links(response)


@pytest.mark.parametrize(
    ("roles", "who", "asked"),
    [
        (["case_worker"], "case_worker", True),
        (["case_worker"], "head", True),
        (["case_worker"], "referrer", False),
        (["centre_head"], "case_worker", False),
        (["centre_head"], "head", True),
        ([], "case_worker", False),
    ],
)
def test_the_sitewide_mfa_rule_names_the_centres_roles(
    client, db, settings, request, roles, who, asked
):
    settings.MFA_REQUIRED_FOR_ROLES = roles
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.get(reverse("dashboard"))

    assert (response.status_code, response.get("Location")) == (
        (302, SETUP) if asked else (200, None)
    )


def test_with_a_second_factor_the_case_worker_gets_everywhere(
    client, settings, case_worker, sent
):
    settings.MFA_REQUIRED_FOR_ROLES = ["case_worker", "centre_head"]
    Authenticator.objects.create(
        user=case_worker, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(case_worker)

    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("referrals:queue")).status_code == 200
    assert client.get(reverse("referrals:detail", args=[sent.pk])).status_code == 200


def test_lists_are_audited_as_reads_of_what_they_show(
    client, sent, case_worker, other_participant
):
    client.force_login(case_worker)
    client.get(reverse("referrals:queue"))
    client.force_login(sent.referrer)
    client.get(reverse("referrals:mine"))
    client.force_login(other_participant)
    client.get(reverse("referrals:mine"))

    listed = ReferralEvent.objects.filter(referral=sent, action=Action.LISTED)
    assert sorted(listed.values_list("actor_label", flat=True)) == [
        "prijavilac@example.org",
        "savetnica@example.org",
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_can_change_nothing_on_a_referral(client, sent, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    last = ReferralEvent.objects.aggregate(last=Max("pk"))["last"] or 0

    answers = [
        client.post(reverse("referrals:message_add", args=[sent.pk]), {"body": "x"}),
        client.post(reverse("referrals:status", args=[sent.pk]), {"status": "closed"}),
        client.post(reverse("referrals:assign", args=[sent.pk]), {"assignee": ""}),
        client.post(
            reverse("referrals:identified", args=[sent.pk]),
            {"kind": "helped", "helped-girls": 1},
        ),
        client.get(reverse("referrals:export_pdf", args=[sent.pk])),
    ]

    assert [a.status_code for a in answers] == [404, 403, 403, 403, 403]
    sent.refresh_from_db()
    assert (sent.status, sent.assigned_to, sent.identified.count()) == (
        "received",
        None,
        0,
    )
    assert not ReferralMessage.objects.filter(referral=sent).exists()
    # The one attempt that reached the referral is audited as refused.
    new = ReferralEvent.objects.filter(pk__gt=last).order_by("pk")
    assert [(e.action, e.referral_id, e.actor_id) for e in new] == [
        (Action.REFUSED, sent.pk, user.pk)
    ]
