"""Closed referrals lose their content after the retention period; counts stay."""

import datetime

from django.utils import timezone

from referrals import services, storage
from referrals.models import Action, Referral, ReferralEvent, ReferralMessage


def close(referral, actor):
    services.referral_identified_set(
        referral=referral, actor=actor, people=[("child", "female")]
    )
    return services.referral_status_change(
        referral=referral, actor=actor, status="closed", note="белешка"
    )


def test_content_is_purged_after_retention_and_the_counts_stay(
    sent, case_worker, settings, pdf_upload
):
    settings.REFERRALS_RETENTION_DAYS = 30
    services.referral_message_add(
        referral=sent, author=case_worker, body="одговор", from_centre=True
    )
    attachment = services.referral_attachment_add(
        referral=sent, actor=sent.referrer, upload=pdf_upload
    )
    close(sent, case_worker)
    now = timezone.now()

    assert services.referral_purge_expired(now=now + datetime.timedelta(days=29)) == 0
    assert services.referral_purge_expired(now=now + datetime.timedelta(days=31)) == 1

    referral = Referral.objects.get(pk=sent.pk)
    assert (referral.description, referral.actions_taken, referral.contact_details) == (
        "",
        "",
        "",
    )
    assert referral.purged_at is not None
    assert not ReferralMessage.objects.filter(referral=sent).exists()
    assert not storage._path(attachment.storage_name).exists()
    assert not ReferralEvent.objects.filter(referral=sent).exclude(note="").exists()
    assert ReferralEvent.objects.filter(referral=sent, action=Action.PURGED).exists()
    # What the figures count is kept.
    assert referral.outcome == "identified"
    assert referral.municipality.name == "Ниш"
    assert referral.identified.count() == 1


def test_open_referrals_and_drafts_are_never_purged(sent, draft, settings):
    settings.REFERRALS_RETENTION_DAYS = 0

    assert (
        services.referral_purge_expired(
            now=timezone.now() + datetime.timedelta(days=3650)
        )
        == 0
    )
    assert Referral.objects.get(pk=sent.pk).description


def test_the_purge_runs_as_a_periodic_task_and_a_command(sent, case_worker, settings):
    from django.core.management import call_command

    from lms.periodic import periodic_tasks

    assert "referrals.purge" in periodic_tasks
    settings.REFERRALS_RETENTION_DAYS = 0
    close(sent, case_worker)
    Referral.objects.filter(pk=sent.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=1)
    )

    call_command("referrals_purge", verbosity=0)

    assert Referral.objects.get(pk=sent.pk).purged_at is not None
