"""The detective mystery as an image with hotspots: scoring, rendering, results."""

import re

import pytest
from django.utils.datastructures import MultiValueDict
from wagtail.blocks.struct_block import StructBlockValidationError

from exercises import feedback
from exercises.blocks import DetectiveMysteryBlock, HotspotBlock
from exercises.models import ExercisePage, ExerciseResponse


def spot(label, is_sign, x=10, y=10):
    return {
        "label": label,
        "x": x,
        "y": y,
        "width": 20,
        "height": 20,
        "is_sign": is_sign,
        "explanation": f"Објашњење: {label}.",
    }


SCENE = {
    "image": object(),  # any image: feedback is pure and never opens it
    "passages": [],
    "hotspots": [
        spot("Оглас", True),
        spot("Клупа", False),
        spot("Врата", True),
        spot("Радник", False),
    ],
}


def form(**fields):
    return MultiValueDict(
        {k: v if isinstance(v, list) else [v] for k, v in fields.items()}
    )


def test_hotspots_are_revealed_as_found_missed_false_alarm_or_left_out():
    shown, result = feedback.detective_feedback(SCENE, form(hotspot=["0", "1", "9"]))
    statuses = [item["status"] for item in shown["hotspots"]]
    assert statuses == ["found", "false_alarm", "missed", "ignored"]
    assert shown["found"] == 1 and shown["signs"] == 2
    assert result == {
        "found": [],
        "missed": [],
        "false_alarm": [],
        "signs": 2,
        "hotspots": {"found": [0], "missed": [2], "false_alarm": [1]},
    }
    rows = feedback.detective_summary(SCENE, [result, result])
    assert [(r["label"], r["found"], r["missed"], r["false_alarm"]) for r in rows] == [
        ("Оглас", 2, 0, 0),
        ("Клупа", 0, 0, 2),
        ("Врата", 0, 2, 0),
        ("Радник", 0, 0, 0),
    ]


def test_a_scene_without_its_image_has_no_hotspots_to_mark():
    scene = {**SCENE, "image": None}
    shown, result = feedback.detective_feedback(scene, form(hotspot=["0"]))
    assert shown["hotspots"] == [] and "hotspots" not in result


def test_a_region_must_stay_inside_the_image():
    with pytest.raises(StructBlockValidationError) as error:
        HotspotBlock().clean(HotspotBlock().to_python(spot("Оглас", True, x=90)))
    assert "width" in error.value.block_errors


def test_a_mystery_needs_hotspots_on_an_image_or_passages(db):
    block = DetectiveMysteryBlock()
    empty = block.to_python({"title": "Сцена", "passages": [], "hotspots": []})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(empty)
    assert "passages" in error.value.block_errors
    lonely = block.to_python({"title": "Сцена", "hotspots": [spot("Оглас", True)]})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(lonely)
    assert "image" in error.value.block_errors


@pytest.fixture
def image_mystery(demo_content):
    page = ExercisePage.objects.get(slug="detektivska-misterija-slika")
    return page, page.body[0]


def test_each_hotspot_is_a_labelled_button_over_the_image(client, image_mystery):
    page, block = image_mystery
    content = client.get(page.url).content.decode()
    hotspots = block.value["hotspots"]
    assert block.value["image"] is not None and len(hotspots) >= 5
    buttons = re.findall(
        r'<button type="button" class="hotspot"[^>]*>(.*?)</button>', content
    )
    assert len(buttons) == len(hotspots)
    for hotspot, button in zip(hotspots, buttons, strict=True):
        assert hotspot["label"] in button  # the button's accessible name
    assert 'aria-pressed="false"' in content
    assert f'alt="{block.value["image_description"][:40]}' in content
    # Without JavaScript the same details are plain checkboxes.
    assert content.count('name="hotspot"') == len(hotspots)
    # The answer is not in the page before the learner reveals it.
    assert hotspots[0]["explanation"] not in content


def test_revealing_explains_found_missed_and_wrongly_marked_details(
    client, participant, image_mystery
):
    page, block = image_mystery
    hotspots = block.value["hotspots"]
    signs = [i for i, h in enumerate(hotspots) if h["is_sign"]]
    others = [i for i, h in enumerate(hotspots) if not h["is_sign"]]
    client.force_login(participant)
    chosen = [signs[0], others[0]]
    response = client.post(
        f"/vezbe/odgovor/{page.pk}/{block.id}/", {"hotspot": [str(i) for i in chosen]}
    )
    content = response.content.decode()
    assert response.status_code == 200
    statuses = re.findall(r'data-status="(\w+)"', content)
    expected = [
        ("found" if i in chosen else "missed")
        if h["is_sign"]
        else ("false_alarm" if i in chosen else "ignored")
        for i, h in enumerate(hotspots)
    ]
    assert statuses == expected
    for hotspot in hotspots:
        assert hotspot["explanation"] in content
    assert content.count("hotspot-mark hotspot-mark--") == len(hotspots)
    stored = ExerciseResponse.objects.get()
    assert stored.result["hotspots"]["found"] == [signs[0]]
    assert stored.result["hotspots"]["false_alarm"] == [others[0]]
    assert stored.result["hotspots"]["missed"] == signs[1:]


def test_the_trainer_sees_which_details_were_missed(
    client, trainer, participant, image_mystery
):
    page, block = image_mystery
    client.force_login(participant)
    client.post(f"/vezbe/odgovor/{page.pk}/{block.id}/", {"hotspot": ["0"]})
    client.force_login(trainer)
    content = client.get(f"/vezbe/rezultati/{page.pk}/{block.id}/").content.decode()
    for hotspot in block.value["hotspots"]:
        assert hotspot["label"] in content
    assert participant.last_name not in content


def test_editors_open_the_picture_mystery_in_the_admin(admin_client, image_mystery):
    page, _block = image_mystery
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "hotspots" in response.content.decode()
