"""The screening tool in practice mode: notice, explained result, nothing personal."""

from django.db import models
from django.utils.html import escape

from exercises.models import Indicator, ScreeningAttempt
from tests.helpers import sr

TOOL = "/alat/socijalna-zastita/"


def test_the_notice_is_shown_before_use(client, social_set):
    start = client.get(TOOL)
    content = start.content.decode()
    assert "Practice mode" in content or "practice-notice" in content
    assert (
        escape(
            sr(
                "This is practice on invented cases. Do not enter anything about a "
                "real person: no names, no descriptions. Only the indicators you mark "
                "and the resulting level are kept, and only in your own practice "
                "history."
            )
        )
        in content
    )
    checklist = client.get(TOOL + "?uzrast=adult").content.decode()
    assert "practice-notice" in checklist
    assert 'name="indicator"' in checklist


def test_children_see_only_indicators_for_children(client, social_set):
    content = client.get(TOOL + "?uzrast=child").content.decode()
    adult_only = Indicator.objects.get(indicator_set=social_set, code="sp-k2")
    child_only = Indicator.objects.get(indicator_set=social_set, code="sp-c2")
    assert f'value="{child_only.pk}"' in content
    assert f'value="{adult_only.pk}"' not in content


def _codes(indicator_set, *codes):
    return [
        Indicator.objects.get(indicator_set=indicator_set, code=c).pk for c in codes
    ]


def test_the_result_explains_itself(client, participant, social_set):
    client.force_login(participant)
    marked = _codes(social_set, "sp-e1", "sp-e5", "sp-k1", "sp-k2")
    response = client.post(TOOL, {"age_group": "adult", "indicator": marked})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-level="high"' in content
    assert "Експлоатација" in content and "Принуда и контрола" in content
    met = sr("combination met: %(combination)s")
    strong = sr("%(count)s strong")
    any_strength = sr("%(count)s of any strength")
    one_and_one = f"{strong % {'count': 1}} + {any_strength % {'count': 1}}"
    assert escape(met % {"combination": one_and_one}) in content
    assert escape(met % {"combination": strong % {"count": 2}}) in content
    assert (
        escape(
            sr(
                "This is not a finding that the person is a victim. The checklist "
                "raises or lowers concern; identification is the job of the Centre "
                "for the Protection of Victims of Human Trafficking."
            )
        )
        in content
    )
    assert (
        escape(
            sr(
                "If the person is in immediate danger, call the police (192) and, "
                "if needed, the ambulance (194) first."
            )
        )
        in content
    )
    assert escape(sr("PRACTICE — this report is not sent anywhere.")) in content
    assert (
        escape(sr("Simulated report of a suspicion (practice, never sent)")) in content
    )


def test_practice_stores_only_indicator_ids_and_the_level(
    client, participant, social_set
):
    client.force_login(participant)
    marked = _codes(social_set, "sp-d2", "sp-d3")
    client.post(
        TOOL,
        {
            "age_group": "adult",
            "indicator": marked,
            "name": "Марија Марић",
            "notes": "живи у улици ...",
        },
    )
    attempt = ScreeningAttempt.objects.get()
    assert attempt.user == participant
    assert attempt.indicator_ids == sorted(marked)
    assert attempt.level == "low"
    assert attempt.age_group == "adult"
    stored = {
        f.name: getattr(attempt, f.attname)
        for f in ScreeningAttempt._meta.concrete_fields
    }
    assert "Марија" not in str(stored) and "улици" not in str(stored)
    free_text = [
        f.name
        for f in ScreeningAttempt._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    ]
    assert free_text == []


def test_anonymous_practice_stores_nothing(client, social_set):
    marked = _codes(social_set, "sp-e1", "sp-e5")
    response = client.post(TOOL, {"age_group": "adult", "indicator": marked})
    assert response.status_code == 200
    assert ScreeningAttempt.objects.count() == 0


def test_indicators_of_another_set_are_refused(client, indicators, social_set):
    health = Indicator.objects.exclude(indicator_set=social_set).first()
    response = client.post(TOOL, {"age_group": "adult", "indicator": [health.pk]})
    assert response.status_code == 404


def test_download_my_data_holds_the_practice(client, participant, social_set):
    client.force_login(participant)
    marked = _codes(social_set, "sp-e1")
    client.post(TOOL, {"age_group": "adult", "indicator": marked})
    data = client.get("/account/data/").json()
    practice = data["practice"]
    assert practice["screening"][0]["level"] == "low"
    assert practice["case_studies"] == [] and practice["exercises"] == []
