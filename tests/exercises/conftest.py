import io

import pytest

from exercises import demo
from exercises.models import CaseStudyPage, Dimension, Indicator, IndicatorSet
from tests.exercises.spotting_fixtures import spotting_block_value


@pytest.fixture
def indicators(db):
    """The default dimensions, rule, next steps and the two indicator sets."""
    demo.load_indicators(demo._json("indicators.json"))
    return Indicator.objects.select_related("dimension")


@pytest.fixture
def social_set(indicators):
    return IndicatorSet.objects.get(slug="socijalna-zastita")


@pytest.fixture
def demo_content(home_page):
    demo.load_demo(io.StringIO())
    return CaseStudyPage.objects.live()


@pytest.fixture
def case(demo_content):
    return demo_content.get(slug="gradiliste-na-obodu-grada")


@pytest.fixture
def dimensions(indicators):
    return {d.key: d for d in Dimension.objects.all()}


@pytest.fixture
def spotting_value(indicators):
    """A video spotting block's value (see ``spotting_fixtures``)."""
    return spotting_block_value()
