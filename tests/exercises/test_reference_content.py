"""A fresh database has the screening tool's indicators and rule (migration)."""

import io

from django.apps import apps
from django.core.management import call_command

from exercises.models import Indicator, IndicatorSet, NextStep, ScreeningRule
from exercises.reference_data import load_screening_content


def test_migrate_alone_gives_the_sectors_indicators_and_the_rule(db, client):
    # No fixture loads anything: the test database is only migrated.
    social = IndicatorSet.objects.get(slug="socijalna-zastita")
    health = IndicatorSet.objects.get(slug="zdravstvo")
    assert social.system.key == "social_protection"
    assert health.system.key == "health"
    assert social.indicators.count() >= 40
    assert health.indicators.count() >= 30
    assert Indicator.objects.filter(forms__key="marriage").exists()
    rule = ScreeningRule.objects.get(is_default=True)
    assert rule.combinations.count() == 4
    assert NextStep.objects.filter(key="report_centre").exists()

    checklist = client.get("/alat/zdravstvo/?uzrast=adult").content.decode()
    assert health.indicators.filter(for_adults=True).first().text in checklist


def test_loading_again_adds_nothing_and_keeps_staff_edits(db):
    indicator = Indicator.objects.get(
        indicator_set__slug="socijalna-zastita", code="sp-k1"
    )
    indicator.text = "Текст који је уредио запослени."
    indicator.save()
    rule = ScreeningRule.objects.get()
    rule.elevated_min_indicators = 5
    rule.save()
    count = Indicator.objects.count()

    added = load_screening_content(apps)
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_screening_content", stdout=io.StringIO())

    assert set(added.values()) == {0}
    assert Indicator.objects.count() == count
    indicator.refresh_from_db()
    assert indicator.text == "Текст који је уредио запослени."
    assert ScreeningRule.objects.get().elevated_min_indicators == 5


def test_a_deleted_indicator_comes_back_only_when_loaded_again(db):
    Indicator.objects.filter(code="hz-d1").delete()
    added = load_screening_content(apps)
    assert added["zdravstvo"] == 1
