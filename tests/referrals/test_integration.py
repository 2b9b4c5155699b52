"""From a screening result to a referral, through the core's result-action registry."""

import html
import io

import pytest

from exercises import demo
from exercises.models import Indicator, IndicatorSet
from tests.helpers import sr

TOOL = "/alat/socijalna-zastita/"


@pytest.fixture
def social_set(db):
    demo.load_indicators(demo._json("indicators.json"))
    return IndicatorSet.objects.get(slug="socijalna-zastita")


def marked(indicator_set, *codes):
    return [
        Indicator.objects.get(indicator_set=indicator_set, code=c).pk for c in codes
    ]


def test_a_screening_result_offers_a_real_referral_with_the_marked_indicators(
    client, referrer, social_set
):
    ids = marked(social_set, "sp-e1", "sp-e5", "sp-k1")
    client.force_login(referrer)

    page = html.unescape(
        client.post(TOOL, {"age_group": "adult", "indicator": ids}).content.decode()
    )

    assert sr("This is a real case: refer it to the Centre") in page
    link = page.split('class="button button--refer" href="')[1].split('"')[0]
    assert link.startswith("/prijave/nova/?")
    assert all(f"i={pk}" in link for pk in ids)
    assert "age=adult" in link
    form = client.get(link).content.decode()
    first = Indicator.objects.get(pk=ids[0])
    assert html.escape(first.text) in form


def test_a_case_study_result_offers_it_too(client, referrer, home_page):
    demo.load_demo(io.StringIO())
    from exercises.models import CaseStudyPage

    case = CaseStudyPage.objects.live().first()
    indicator = Indicator.objects.filter(indicator_set=case.indicator_set).first()
    client.force_login(referrer)

    page = client.post(
        case.url, {"age_group": case.age_group, "indicator": [indicator.pk]}
    ).content.decode()

    assert "/prijave/nova/?i=" in page
