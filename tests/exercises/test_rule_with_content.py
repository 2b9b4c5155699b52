"""The rule as staff configured it, over the real indicator content."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises import screening, selectors
from exercises.models import Indicator


def test_marking_more_real_indicators_never_lowers_the_level(indicators):
    _rule, rule = selectors.rule_current()
    marks = [i.as_mark() for i in indicators]
    children = {i.pk for i in indicators if i.for_children}

    @settings(
        max_examples=200,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        deadline=None,
    )
    @given(
        chosen=st.lists(st.sampled_from(marks), max_size=20, unique=True),
        extra=st.sampled_from(marks),
        child=st.booleans(),
    )
    def check(chosen, extra, child):
        if child:
            chosen = [m for m in chosen if m.indicator in children]
        before = screening.evaluate(chosen, rule=rule, child=child)
        after = screening.evaluate([*chosen, extra], rule=rule, child=child)
        assert screening.level_rank(after.level) >= screening.level_rank(before.level)

    check()


def test_the_stored_default_rule_is_the_documented_one(indicators):
    rule, thresholds = selectors.rule_current()
    assert rule is not None and rule.is_default
    assert thresholds == screening.Rule()


def test_every_dimension_can_be_completed_in_each_set(indicators):
    """Staff content check: each set offers enough indicators per dimension."""
    rule = screening.Rule()
    for set_slug in ("socijalna-zastita", "zdravstvo"):
        rows = Indicator.objects.filter(indicator_set__slug=set_slug)
        for dimension in {i.dimension.key for i in rows}:
            marks = [i.as_mark() for i in rows if i.dimension.key == dimension]
            result = screening.evaluate(marks, rule=rule, child=False)
            assert dimension in result.present, (set_slug, dimension)


def test_my_page_links_to_practice(client, participant, indicators):
    client.force_login(participant)
    content = client.get("/dashboard/").content.decode()
    assert "/alat/" in content and "/moja-vezbanja/" in content
    assert "/studije-slucaja-statistika/" not in content
