import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from activities import services
from activities.models import ActivityContent, ActivityKind, CollageImage

CASE = (
    "Марија је добила понуду за посао конобарице у иностранству. "
    "Послодавац јој је узео пасош и рекао да мора да врати дуг за пут."
)


@pytest.fixture
def telephone_content(db):
    return ActivityContent.objects.create(
        kind=ActivityKind.TELEPHONE,
        title="Глуви телефони",
        case_text=CASE,
        debrief="Зато су потребне заједничке конференције случаја.",
    )


@pytest.fixture
def balloons_content(db):
    return ActivityContent.objects.create(
        kind=ActivityKind.BALLOONS,
        title="Балони анксиозности",
        prompt="Шта осећа особа која не сме да оде?",
    )


def _picture(name: str, colour: str):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), colour).save(buffer, "PNG")
    buffer.seek(0)
    return get_image_model().objects.create(
        title=name, file=ImageFile(buffer, name=f"{name}.png")
    )


@pytest.fixture
def collage_content(db):
    content = ActivityContent.objects.create(
        kind=ActivityKind.COLLAGE,
        title="Колаж припадања",
        prompt="Шта значи припадати?",
    )
    for position, (name, colour) in enumerate([("kuca", "red"), ("most", "blue")]):
        CollageImage.objects.create(
            content=content,
            sort_order=position,
            image=_picture(name, colour),
            label=f"Слика {name}",
        )
    return content


@pytest.fixture
def make_run(trainer):
    def make(content, **options):
        return services.run_create(user=trainer, content=content, **options)

    return make
