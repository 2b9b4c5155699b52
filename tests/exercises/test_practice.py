"""The screening tool in practice mode: notice, explained result, nothing personal."""

from django.db import models

from exercises.models import Indicator, ScreeningAttempt

TOOL = "/alat/socijalna-zastita/"


def test_the_notice_is_shown_before_use(client, social_set):
    start = client.get(TOOL)
    content = start.content.decode()
    assert "Practice mode" in content or "practice-notice" in content
    assert "Do not enter anything about a real person" in content
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
    assert "combination met: 1 strong + 1 of any strength" in content
    assert "combination met: 2 strong" in content
    assert "is not a finding that the person is a victim" in content
    assert "call the police (192)" in content
    assert "PRACTICE" in content and "never sent" in content


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
