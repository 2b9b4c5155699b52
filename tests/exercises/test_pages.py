import pytest
from wagtail.test.utils import WagtailPageTestCase

from exercises import blocks
from exercises.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ExerciseIndexPage,
    ExercisePage,
)
from lms.models import HomePage


class TestPageTree(WagtailPageTestCase):
    def test_case_studies_and_exercises_live_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CaseStudyIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CaseStudyIndexPage, {CaseStudyPage})
        self.assertAllowedSubpageTypes(CaseStudyPage, set())
        self.assertAllowedParentPageTypes(ExerciseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ExerciseIndexPage, {ExercisePage})
        self.assertAllowedSubpageTypes(ExercisePage, set())


@pytest.mark.parametrize(
    "block",
    [
        blocks.StoryPartBlock,
        blocks.StoryBlock,
        blocks.DetectiveMysteryBlock,
        blocks.OpenQuestionsBlock,
        blocks.InstitutionBallBlock,
        blocks.OneDayBlock,
        blocks.VideoSpottingBlock,
        blocks.ExerciseStreamBlock,
    ],
)
def test_every_block_has_a_docstring_and_preview(block):
    meta = block().meta
    assert block.__doc__
    assert meta.icon and meta.description
    assert block().get_preview_value()
    if block is not blocks.ExerciseStreamBlock:
        assert meta.template


def test_staff_edit_a_case_study_in_the_admin(client, staff_user, case):
    client.force_login(staff_user)
    response = client.get(f"/admin/pages/{case.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "case_indicators-TOTAL_FORMS" in content
    assert "case_steps-TOTAL_FORMS" in content


def test_the_case_page_and_the_tool_keep_their_query_count(
    client, case, django_assert_max_num_queries
):
    with django_assert_max_num_queries(18):
        assert client.get(case.url).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/alat/socijalna-zastita/?uzrast=adult").status_code == 200
