"""Referring from a draft to a sent referral, the thread, and what e-mails say."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exercises.models import Indicator
from referrals import services
from referrals.models import Action, Referral, ReferralAttachment, ReferralEvent

from .conftest import DESCRIPTION


def form_data(place, **extra):
    return {
        "municipality": place.pk,
        "age_group": "child",
        "urgency": "routine",
        "contact_way": "platform",
        "description": DESCRIPTION,
        "actions_taken": "",
        "contact_details": "",
        **extra,
    }


def test_the_form_says_first_what_to_do_in_immediate_danger(client, referrer):
    client.force_login(referrer)

    page = client.get(reverse("referrals:new")).content.decode()

    assert 'class="danger-box"' in page
    assert 'href="tel:192"' in page
    assert page.index("danger-box") < page.index("multipart/form-data")


def test_a_result_link_brings_the_marked_indicators_and_nothing_else(
    client, referrer, place
):
    indicators = list(Indicator.objects.order_by("pk")[:2])
    ids = [i.pk for i in indicators]
    client.force_login(referrer)
    url = (
        reverse("referrals:new")
        + f"?i={ids[0]}&i={ids[1]}&i=999999&level=high&age=child"
    )

    page = client.get(url).content.decode()
    assert indicators[0].text in page
    response = client.post(
        url, {**form_data(place), "i": [*ids, 999999], "level": "high", "save": "1"}
    )

    referral = Referral.objects.get(referrer=referrer)
    assert referral.indicator_ids == sorted(ids)
    assert referral.screening_level == "high"
    assert response["Location"] == reverse("referrals:edit", args=[referral.pk])


def test_saving_a_draft_sends_nothing_to_the_centre(
    client, referrer, case_worker, place, django_capture_on_commit_callbacks
):
    client.force_login(referrer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("referrals:new"), {**form_data(place), "save": "1"})

    referral = Referral.objects.get(referrer=referrer)
    assert referral.status == "draft"
    assert mail.outbox == []
    client.force_login(case_worker)
    assert (
        referral not in client.get(reverse("referrals:queue")).context["queue"]["new"]
    )


def test_sending_is_a_separate_confirmed_step(
    client, referrer, case_worker, place, django_capture_on_commit_callbacks
):
    client.force_login(referrer)
    response = client.post(
        reverse("referrals:new"), {**form_data(place), "review": "1"}
    )
    referral = Referral.objects.get(referrer=referrer)
    assert response["Location"] == reverse("referrals:confirm", args=[referral.pk])
    assert "ради ноћу" in client.get(response["Location"]).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrals:confirm", args=[referral.pk]))

    referral.refresh_from_db()
    assert referral.status == "received"
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert {m.to[0] for m in mail.outbox} == {referrer.email, case_worker.email}


def test_a_referral_without_a_description_is_not_sent_and_the_draft_stays(
    client, referrer, place
):
    client.force_login(referrer)
    client.post(
        reverse("referrals:new"), {**form_data(place, description=""), "save": "1"}
    )
    referral = Referral.objects.get(referrer=referrer)

    response = client.post(
        reverse("referrals:confirm", args=[referral.pk]), follow=True
    )

    referral.refresh_from_db()
    assert referral.status == "draft"
    assert "опис" in response.content.decode().lower()


def test_attachments_are_checked_by_content_and_size(client, referrer, place, settings):
    client.force_login(referrer)
    script = SimpleUploadedFile("slika.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg")

    response = client.post(
        reverse("referrals:new"),
        {**form_data(place), "attachment": script, "save": "1"},
        follow=True,
    )

    referral = Referral.objects.get(referrer=referrer)
    assert referral.description == DESCRIPTION  # nothing lost
    assert ReferralAttachment.objects.count() == 0
    assert "PDF, JPEG, PNG" in response.content.decode()
    settings.REFERRALS_MAX_ATTACHMENT_BYTES = 10
    big = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")
    client.post(
        reverse("referrals:edit", args=[referral.pk]),
        {**form_data(place), "attachment": big, "save": "1"},
    )
    assert ReferralAttachment.objects.count() == 0


def test_the_thread_and_status_reach_the_referrer_by_e_mail_without_content(
    client, sent, case_worker, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(case_worker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("referrals:message_add", args=[sent.pk]),
            {"body": "Позваћемо вас сутра због девојчице"},
        )
        client.post(
            reverse("referrals:status", args=[sent.pk]),
            {"status": "assessing", "note": "Проверити школу у Нишу"},
        )

    assert len(mail.outbox) == 2
    secrets = ["девојчиц", "Девојчиц", "школ", "Ниш", "Позваћемо", "4567", "ЦСР"]
    for message in mail.outbox:
        assert message.to == [sent.referrer.email]
        text = message.subject + message.body
        assert not [s for s in secrets if s in text]
        assert reverse("referrals:detail", args=[sent.pk]) in message.body

    client.force_login(sent.referrer)
    page = client.get(reverse("referrals:detail", args=[sent.pk])).content.decode()
    assert "Позваћемо вас сутра" in page
    assert "Проверити школу" not in page  # the Centre's notes are internal


def test_closing_needs_an_outcome_and_identified_people_are_counts_only(
    client, sent, case_worker
):
    client.force_login(case_worker)
    client.post(reverse("referrals:status", args=[sent.pk]), {"status": "closed"})
    sent.refresh_from_db()
    assert sent.status == "received"

    client.post(
        reverse("referrals:identified", args=[sent.pk]),
        {
            "kind": "identified",
            "identified-girls": 1,
            "identified-boys": 0,
            "identified-women": 0,
            "identified-men": 1,
        },
    )
    client.post(
        reverse("referrals:identified", args=[sent.pk]),
        {
            "kind": "helped",
            "helped-girls": 1,
            "helped-boys": 0,
            "helped-women": 2,
            "helped-men": 1,
        },
    )
    client.post(
        reverse("referrals:status", args=[sent.pk]),
        {"status": "closed", "outcome": "identified"},
    )

    sent.refresh_from_db()
    assert sent.status == "closed"
    people = sent.identified.values_list("kind", "age_group", "gender")
    assert sorted(people) == [
        ("helped", "adult", "female"),
        ("helped", "adult", "female"),
        ("helped", "adult", "male"),
        ("helped", "child", "female"),
        ("identified", "adult", "male"),
        ("identified", "child", "female"),
    ]
    page = client.get(reverse("referrals:detail", args=[sent.pk])).context
    assert page["helped_form"].initial == {"girls": 1, "boys": 0, "women": 2, "men": 1}


def test_the_queue_shows_new_assigned_and_overdue(client, sent, case_worker, settings):
    settings.REFERRALS_OVERDUE_HOURS = 0
    client.force_login(case_worker)

    queue = client.get(reverse("referrals:queue")).context["queue"]
    assert [r.pk for r in queue["new"]] == [sent.pk]
    assert [r.pk for r in queue["overdue"]] == [sent.pk]

    services.referral_assign(referral=sent, actor=case_worker, assignee=case_worker)
    queue = client.get(reverse("referrals:queue")).context["queue"]
    assert [r.pk for r in queue["assigned"]] == [sent.pk]
    assert queue["new"] == [] and queue["overdue"] == []
    assert ReferralEvent.objects.filter(referral=sent, action=Action.ASSIGNED).exists()


def test_the_pdf_export_is_a_pdf(client, sent, case_worker):
    client.force_login(case_worker)

    response = client.get(reverse("referrals:export_pdf", args=[sent.pk]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_the_queue_and_my_referrals_do_not_grow_queries_with_referrals(
    client, referrer, case_worker, place, django_assert_max_num_queries
):
    for index in range(12):
        referral = services.referral_create_draft(
            referrer=referrer, municipality=place, age_group="adult",
            description=f"опис {index}",
        )  # fmt: skip
        services.referral_send(referral=referral, actor=referrer)
    client.force_login(case_worker)
    # 14: the page, the account menu's role check and one insert auditing the
    # whole list, whatever its length.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("referrals:queue")).status_code == 200
    client.force_login(referrer)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("referrals:mine")).status_code == 200
