"""Staff manage sectors, indicators and the rule in the Wagtail admin."""

import pytest

from exercises.models import (
    Dimension,
    ExploitationForm,
    Indicator,
    IndicatorSet,
    ScreeningRule,
)


def test_staff_add_a_sector_with_indicators_and_it_appears_in_the_tool(
    client, staff_user, indicators
):
    client.force_login(staff_user)
    response = client.post(
        "/admin/snippets/exercises/indicatorset/add/",
        {
            "name": "Образовање",
            "slug": "obrazovanje",
            "system": "",
            "intro": "Индикатори за школе.",
            "active": "on",
            "sort_order": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    education = IndicatorSet.objects.get(slug="obrazovanje")
    exploitation = Dimension.objects.get(key="exploitation")
    response = client.post(
        "/admin/snippets/exercises/indicator/add/",
        {
            "indicator_set": education.pk,
            "text": "Ученик после наставе ради за старије момке.",
            "explanation": "Питајте шта ради после школе и ко му плаћа.",
            "dimension": exploitation.pk,
            "strength": "strong",
            "for_children": "on",
            "forms": [ExploitationForm.objects.get(key="criminality").pk],
            "code": "ed-1",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    indicator = Indicator.objects.get(indicator_set=education)
    assert indicator.for_children and not indicator.for_adults

    assert "Образовање" in client.get("/alat/").content.decode()
    checklist = client.get("/alat/obrazovanje/?uzrast=child").content.decode()
    assert "Ученик после наставе ради за старије момке." in checklist


def test_participants_cannot_reach_the_indicator_admin(client, participant, indicators):
    client.force_login(participant)
    response = client.get("/admin/snippets/exercises/indicator/")
    assert response.status_code in (302, 403)


def test_the_rule_edited_in_the_admin_is_the_one_used(client, staff_user, social_set):
    rule = ScreeningRule.objects.get(is_default=True)
    marked = list(
        Indicator.objects.filter(indicator_set=social_set, code__in=["sp-k1", "sp-k2"])
    )
    tool = "/alat/socijalna-zastita/"
    data = {"age_group": "adult", "indicator": [i.pk for i in marked]}
    assert 'data-level="elevated"' in client.post(tool, data).content.decode()
    rule.elevated_min_dimensions = 2
    rule.elevated_min_indicators = 5
    rule.save()
    assert 'data-level="low"' in client.post(tool, data).content.decode()


def test_staff_see_the_rule_in_the_admin(client, staff_user, indicators):
    client.force_login(staff_user)
    rule = ScreeningRule.objects.get(is_default=True)
    response = client.get(f"/admin/snippets/exercises/screeningrule/edit/{rule.pk}/")
    assert response.status_code == 200
    assert "combinations-TOTAL_FORMS" in response.content.decode()


def _rule_form(name: str, **fields) -> dict:
    data = {
        "name": name,
        "high_requires_purpose": "on",
        "high_min_means": "1",
        "high_min_means_children": "0",
        "elevated_min_dimensions": "1",
        "elevated_min_indicators": "3",
        "notes": "",
        "combinations-TOTAL_FORMS": "0",
        "combinations-INITIAL_FORMS": "0",
        "combinations-MIN_NUM_FORMS": "0",
        "combinations-MAX_NUM_FORMS": "1000",
    }
    return {**data, **fields}


def test_a_rule_marked_default_in_the_admin_replaces_the_previous_one(
    client, staff_user, indicators
):
    previous = ScreeningRule.objects.get(is_default=True)
    client.force_login(staff_user)
    response = client.post(
        "/admin/snippets/exercises/screeningrule/add/",
        _rule_form("Строже правило", is_default="on", elevated_min_indicators="5"),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert ScreeningRule.objects.get(is_default=True).name == "Строже правило"
    previous.refresh_from_db()
    assert not previous.is_default


def test_an_existing_rule_marked_default_in_the_admin_is_switched_to(
    client, staff_user, indicators
):
    previous = ScreeningRule.objects.get(is_default=True)
    other = ScreeningRule.objects.create(name="Друго правило")
    client.force_login(staff_user)
    response = client.post(
        f"/admin/snippets/exercises/screeningrule/edit/{other.pk}/",
        _rule_form("Друго правило", is_default="on"),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert list(ScreeningRule.objects.filter(is_default=True)) == [other]
    previous.refresh_from_db()
    assert not previous.is_default


def test_the_database_keeps_a_single_default_rule(indicators):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ScreeningRule.objects.create(name="Друго правило", is_default=True)


def test_switching_the_default_rule_in_code(indicators):
    from exercises.services import screening_rule_default_switch

    previous = ScreeningRule.objects.get(is_default=True)
    other = ScreeningRule.objects.create(name="Друго правило")
    screening_rule_default_switch(rule=other)
    assert list(ScreeningRule.objects.filter(is_default=True)) == [other]
    previous.refresh_from_db()
    assert not previous.is_default
