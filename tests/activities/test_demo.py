"""The demo: one of each activity, runs for the demo trainer, the programme."""

import datetime
import io

from activities import demo
from activities.models import ActivityContent, ActivityRun
from tests.events.conftest import make_training, training_index  # noqa: F401

SYSTEM = "Систем заштите жртава трговине људима у Србији"


def test_the_demo_has_each_activity_and_marks_the_programme(
    client,
    trainer,
    make_training,  # noqa: F811
):
    training = make_training(
        programme=[
            ("agenda_item", {"start_time": datetime.time(10), "title": "Увод"}),
            ("agenda_item", {"start_time": datetime.time(11), "title": SYSTEM}),
        ]
    )
    demo.load_demo(io.StringIO())
    demo.load_demo(io.StringIO())  # idempotent
    assert sorted(ActivityContent.objects.values_list("kind", flat=True)) == [
        "balloons",
        "collage",
        "telephone",
    ]
    collage = ActivityContent.objects.get(kind="collage")
    assert collage.images.count() == len(demo.IMAGES)
    runs = ActivityRun.objects.order_by("code")
    assert [(r.code, r.kind, r.owner) for r in runs] == [
        ("KRUG23", "collage", trainer),
        ("VAZDUH", "balloons", trainer),
        ("VEST22", "telephone", trainer),
    ]
    training.refresh_from_db()
    items = [child.value for child in training.programme]
    assert not items[0]["activities"]
    assert list(items[1]["activities"]) == ["activities.telephone"]
    page = client.get(training.url).content.decode()
    assert "У сали: глуви телефони" in page
