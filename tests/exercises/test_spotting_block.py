"""The video spotting block: captions required, grading, answers on a page."""

import re

import pytest
from django.http import QueryDict
from wagtail.blocks.struct_block import StructBlockValidationError

from exercises.blocks import ExerciseStreamBlock
from exercises.models import (
    ExerciseIndexPage,
    ExercisePage,
    ExerciseResponse,
    Indicator,
)
from exercises.spotting.blocks import VideoSpottingBlock
from tests.exercises.spotting_fixtures import make_document

pytestmark = pytest.mark.django_db


def clean(value):
    block = VideoSpottingBlock()
    return block.clean(block.to_python(block.get_prep_value(value)))


def form(*marks):
    data = QueryDict(mutable=True)
    for time, indicator in marks:
        data.appendlist("mark_time", str(time))
        data.appendlist("mark_indicator", str(indicator))
    return data


def codes():
    return {i.code: i.pk for i in Indicator.objects.filter(code__startswith="sp-")}


def test_a_block_with_its_captions_is_valid(spotting_value):
    assert clean(spotting_value)["captions"].title == "Титлови"


def test_publishing_without_captions_is_refused_in_serbian(spotting_value):
    with pytest.raises(StructBlockValidationError) as error:
        clean({**spotting_value, "captions": None})
    message = " ".join(error.value.block_errors["captions"].messages)
    assert "титлове (WebVTT)" in message


def test_captions_must_be_webvtt_and_the_video_mp4_or_webm(spotting_value):
    srt = make_document("Титлови SRT", "titlovi.srt")
    avi = make_document("Снимак AVI", "snimak.avi")
    with pytest.raises(StructBlockValidationError) as error:
        clean({**spotting_value, "captions": srt, "video": avi})
    assert set(error.value.block_errors) == {"captions", "video"}


def test_an_expert_mark_after_the_end_of_the_video_is_refused(spotting_value):
    late = {**spotting_value["marks"][0], "time": 16.0}
    with pytest.raises(StructBlockValidationError) as error:
        clean({**spotting_value, "marks": [late]})
    assert "marks" in error.value.block_errors


def test_grading_compares_marks_and_stores_no_free_text(spotting_value):
    c = codes()
    block = VideoSpottingBlock()
    value = block.to_python(block.get_prep_value(spotting_value))
    shown, result = block.grade(
        value,
        form(
            (4.5, c["sp-k1"]),  # found: 0.5 s after the expert
            (10.5, c["sp-k2"]),  # late: 3 s after the expert's 7.5 (tolerance 2)
            (12.0, c["sp-h4"]),  # the right moment (11 s), another indicator
            (14.9, c["sp-h4"]),  # nothing there
        ),
    )
    assert [row["status"] for row in shown["rows"]] == ["found", "late", "missed"]
    assert [m["status"] for m in shown["extra"]] == ["other", "extra"]
    assert result == {
        "found": [0],
        "early": [],
        "late": [1],
        "missed": [2],
        "extra": 1,
        "other": 1,
        "marks": 4,
    }


def test_marks_with_an_indicator_not_offered_or_a_time_outside_the_video_are_ignored(
    spotting_value,
):
    c = codes()
    block = VideoSpottingBlock()
    value = block.to_python(block.get_prep_value(spotting_value))
    _shown, result = block.grade(
        value,
        form((4, c["sp-d1"]), (-1, c["sp-k1"]), ("x", c["sp-k1"]), (99, c["sp-k1"])),
    )
    assert result == {}


@pytest.fixture
def spotting_page(home_page, spotting_value):
    index = home_page.add_child(instance=ExerciseIndexPage(title="Вежбе", slug="vezbe"))
    body = ExerciseStreamBlock().to_python(
        [
            {
                "type": "video_spotting",
                "value": VideoSpottingBlock().get_prep_value(spotting_value),
            }
        ]
    )
    return index.add_child(
        instance=ExercisePage(title="Снимак", slug="snimak", intro="", body=body)
    )


def test_the_page_plays_the_video_with_captions_and_offers_the_indicators(
    client, spotting_page
):
    html = client.get(spotting_page.url).content.decode()
    assert '<track kind="captions"' in html and "titlovi" in html
    assert 'type="video/mp4"' in html
    # The expert's indicators once each, and the distractor.
    for code in ("sp-k1", "sp-k2", "sp-h4"):
        pk = codes()[code]
        assert html.count(f'data-spot-indicator="{pk}"') == 1


def test_a_learner_submits_marks_and_sees_them_beside_the_experts(
    client, participant, spotting_page
):
    c = codes()
    block_id = spotting_page.body[0].id
    client.force_login(participant)
    response = client.post(
        f"/vezbe/odgovor/{spotting_page.pk}/{block_id}/",
        {"mark_time": ["3.0", "10.0"], "mark_indicator": [c["sp-k1"], c["sp-k2"]]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Пасоши код човека." in html  # the expert's note, revealed
    assert 'data-status="found"' in html and 'data-status="late"' in html
    assert not re.search(r'(c?x|width)="-?[0-9]+,', html)  # SVG, not localised
    stored = ExerciseResponse.objects.get(page=spotting_page, block_id=block_id)
    assert stored.kind == "spotting"
    assert stored.result["found"] == [0] and stored.result["late"] == [1]


def test_the_trainers_results_count_found_and_missed_without_names(
    client, staff_user, participant, spotting_page
):
    c = codes()
    block_id = spotting_page.body[0].id
    client.force_login(participant)
    url = f"/vezbe/odgovor/{spotting_page.pk}/{block_id}/"
    client.post(url, {"mark_time": ["4"], "mark_indicator": [c["sp-k1"]]})
    client.force_login(staff_user)
    html = client.get(f"/vezbe/rezultati/{spotting_page.pk}/{block_id}/").content
    html = html.decode()
    assert "4,0 s" in html or "4.0 s" in html
    assert participant.email not in html


def test_staff_edit_the_block_in_the_admin(client, staff_user, spotting_page):
    client.force_login(staff_user)
    response = client.get(f"/admin/pages/{spotting_page.pk}/edit/")
    assert response.status_code == 200
    assert "video_spotting" in response.content.decode()
