"""Who may see a referral: the referrer and the Centre's case workers, nobody else.

Every read is audited, refused attempts too.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from referrals import services
from referrals.models import Action, ReferralEvent

OUTSIDERS = ["other_participant", "trainer", "chamber_user", "staff_user"]


def reads(referral, user) -> int:
    return ReferralEvent.objects.filter(
        referral=referral, actor=user, action=Action.VIEWED
    ).count()


def test_the_referrer_reads_their_referral_and_the_read_is_audited(client, sent):
    client.force_login(sent.referrer)

    response = client.get(reverse("referrals:detail", args=[sent.pk]))

    assert response.status_code == 200
    assert "ради ноћу" in response.content.decode()
    assert reads(sent, sent.referrer) == 1
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_case_worker_reads_a_sent_referral_and_the_read_is_audited(
    client, sent, case_worker
):
    client.force_login(case_worker)

    response = client.get(reverse("referrals:detail", args=[sent.pk]))

    assert response.status_code == 200
    assert "ради ноћу" in response.content.decode()
    assert reads(sent, case_worker) == 1


@pytest.mark.parametrize("who", OUTSIDERS)
def test_everyone_else_is_refused_and_the_attempt_is_audited(
    client, sent, who, request
):
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.get(reverse("referrals:detail", args=[sent.pk]))

    assert response.status_code == 404
    assert "ради ноћу" not in response.content.decode()
    assert reads(sent, user) == 0
    assert ReferralEvent.objects.filter(
        referral=sent, actor=user, action=Action.REFUSED
    ).exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_open_the_queue_export_or_attachments(
    client, sent, who, request, pdf_upload
):
    attachment = services.referral_attachment_add(
        referral=sent, actor=sent.referrer, upload=pdf_upload
    )
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("referrals:queue")).status_code == 403
    assert (
        client.get(reverse("referrals:export_json", args=[sent.pk])).status_code == 403
    )
    assert client.get(reverse("referrals:audit_log")).status_code == 403
    assert (
        client.get(reverse("referrals:attachment", args=[attachment.pk])).status_code
        == 404
    )


def test_a_superuser_without_the_role_is_not_a_case_worker(client, sent, make_user):
    admin = make_user(email="admin@example.org")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    assert client.get(reverse("referrals:detail", args=[sent.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, sent):
    response = client.get(reverse("referrals:detail", args=[sent.pk]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_case_worker_cannot_read_someone_elses_draft(client, draft, case_worker):
    client.force_login(case_worker)

    assert client.get(reverse("referrals:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("referrals:edit", args=[draft.pk])).status_code == 404


def test_the_referrer_cannot_use_the_centres_actions(client, sent):
    client.force_login(sent.referrer)

    assert (
        client.get(reverse("referrals:export_json", args=[sent.pk])).status_code == 403
    )
    response = client.post(
        reverse("referrals:status", args=[sent.pk]), {"status": "closed"}
    )
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == "received"


def test_attachment_downloads_are_audited_reads(client, sent, case_worker, pdf_upload):
    attachment = services.referral_attachment_add(
        referral=sent, actor=sent.referrer, upload=pdf_upload
    )
    client.force_login(case_worker)

    response = client.get(reverse("referrals:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert "nalaz-ime-prezime" not in response["Content-Disposition"]
    assert ReferralEvent.objects.filter(
        referral=sent, actor=case_worker, action=Action.ATTACHMENT_READ
    ).exists()


def test_exports_are_audited(client, sent, case_worker):
    client.force_login(case_worker)

    response = client.get(reverse("referrals:export_json", args=[sent.pk]))

    assert response.status_code == 200
    assert response.json()["description"].startswith("Девојчица")
    assert ReferralEvent.objects.filter(
        referral=sent, actor=case_worker, action=Action.EXPORTED
    ).exists()


def test_case_workers_need_a_second_factor_when_required(
    client, sent, case_worker, settings
):
    settings.REFERRALS_REQUIRE_MFA = True
    client.force_login(case_worker)

    response = client.get(reverse("referrals:detail", args=[sent.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert reads(sent, case_worker) == 0
    assert client.get(reverse("referrals:queue")).status_code == 302

    Authenticator.objects.create(
        user=case_worker, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert client.get(reverse("referrals:queue")).status_code == 200
    assert client.get(reverse("referrals:detail", args=[sent.pk])).status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(
    client, sent, case_worker, settings
):
    settings.REFERRALS_REQUIRE_MFA = True
    Authenticator.objects.create(
        user=case_worker, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    client.force_login(case_worker)

    assert client.get(reverse("referrals:queue")).status_code == 302


def test_only_the_head_sees_the_audit_log(client, sent, case_worker, head):
    client.force_login(sent.referrer)
    client.get(reverse("referrals:detail", args=[sent.pk]))

    client.force_login(case_worker)
    assert client.get(reverse("referrals:audit_log")).status_code == 403

    client.force_login(head)
    response = client.get(reverse("referrals:audit_log"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "prijavilac@example.org" in page
    assert "ради ноћу" not in page


def test_my_referrals_lists_only_mine(client, sent, other_participant, place):
    services.referral_create_draft(
        referrer=other_participant, municipality=place, description="туђа пријава"
    )
    client.force_login(sent.referrer)

    response = client.get(reverse("referrals:mine"))

    assert response.status_code == 200
    assert response.content.decode().count("P-0") == 1


def test_the_audit_outlives_a_deleted_account_and_sent_referrals_stay(
    client, sent, place
):
    referrer = sent.referrer
    draft = services.referral_create_draft(
        referrer=referrer, municipality=place, description="нацрт"
    )
    client.force_login(referrer)
    client.get(reverse("referrals:detail", args=[sent.pk]))

    referrer.delete()

    sent.refresh_from_db()
    assert sent.referrer is None
    assert not type(sent).objects.filter(pk=draft.pk).exists()
    labels = set(
        ReferralEvent.objects.filter(referral=sent).values_list(
            "actor_label", flat=True
        )
    )
    assert labels == {"prijavilac@example.org"}
