"""Demo content: one of each activity, runs with fixed codes for the demo
trainer, and the activities marked in the demo trainings' programmes.

Idempotent: content is found by kind and title, runs by code, images by title.
The collage images are drawn here (simple symbols, made by the platform; no
photographs of people).
"""

import io

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model

from activities.models import ActivityContent, ActivityKind, ActivityRun, CollageImage
from activities.services import run_create

TELEPHONE_CODE = "VEST22"
BALLOONS_CODE = "VAZDUH"
COLLAGE_CODE = "KRUG23"

CASE = (
    "Јелена (19) је преко друштвене мреже добила понуду за посао у кафићу у "
    "другом граду. Особа која ју је довела узела јој је личну карту „да би је "
    "пријавила“, а плату задржава за смештај и дуг за превоз. Јелена ради и "
    "ноћу, не сме да излази сама и телефоном се јавља мајци само кад је неко "
    "поред ње. Школска педагошкиња из њеног места приметила је да Јелена "
    "пише другарици да се „мало заглавила“ и да ће се вратити кад отплати дуг."
)
DEBRIEF = (
    "Колико се поруке изгубило на путу? Сваки пренос изоставља или додаје "
    "понешто: рокове, године, ко је шта видео, речи саме особе.\n\n"
    "Исто се дешава када се сумња преноси од установе до установе: "
    "социјални рад, школа, полиција и здравство свако чују део приче. Зато "
    "су потребне заједничке конференције случаја, на којима сви чују исто, "
    "из првог извора, и заједно одлучују о подршци особи."
)
BALLOON_PROMPT = (
    "Која осећања, страхови и мисли прате особу која не може да оде са "
    "посла на који је доведена обманом? Једна реч или кратак израз."
)
COLLAGE_PROMPT = (
    "Шта особи која се враћа из експлоатације значи да негде припада? "
    "Изаберите слику и, ако желите, додајте једну реч."
)

# (title, label, background, what to draw)
IMAGES = [
    ("kolaz-kuca", "Кућа", "#f6e7d7", "house"),
    ("kolaz-most", "Мост", "#dbe9f4", "bridge"),
    ("kolaz-drvo", "Дрво", "#e3f1e4", "tree"),
    ("kolaz-krug", "Круг", "#efe6f5", "circle"),
    ("kolaz-prozor", "Отворен прозор", "#fff3c9", "window"),
    ("kolaz-put", "Пут", "#e8e8e8", "road"),
    ("kolaz-sunce", "Сунце", "#fde2cf", "sun"),
    ("kolaz-kljuc", "Кључ", "#d8eeea", "key"),
]

# Demo trainings' agenda items (by title) and the activities that belong there.
PROGRAMME = {
    "Систем заштите жртава трговине људима у Србији": ["activities.telephone"],
    "Пружање ургентне помоћи и подршке жртвама трговине људима и основи комуникације": [
        "activities.balloons",
        "activities.collage",
    ],
}


@transaction.atomic
def load_demo(stdout) -> None:
    telephone = _content(
        ActivityKind.TELEPHONE,
        "Глуви телефони: прича која путује",
        case_text=CASE,
        debrief=DEBRIEF,
    )
    balloons = _content(
        ActivityKind.BALLOONS, "Балони анксиозности", prompt=BALLOON_PROMPT
    )
    collage = _content(ActivityKind.COLLAGE, "Колаж припадања", prompt=COLLAGE_PROMPT)
    if not collage.images.exists():
        for position, (title, label, background, shape) in enumerate(IMAGES):
            CollageImage.objects.create(
                content=collage,
                sort_order=position,
                image=_image(title, background, shape),
                label=label,
            )
    runs = _runs({TELEPHONE_CODE: telephone, BALLOONS_CODE: balloons,
                  COLLAGE_CODE: collage})  # fmt: skip
    marked = _mark_programmes()
    stdout.write(
        f"Room activities: {runs} runs ({TELEPHONE_CODE}, {BALLOONS_CODE}, "
        f"{COLLAGE_CODE}); activities marked in {marked} training programmes"
    )


def _content(kind: str, title: str, **fields) -> ActivityContent:
    content, _created = ActivityContent.objects.get_or_create(
        kind=kind, title=title, defaults=fields
    )
    return content


def _runs(contents: dict[str, ActivityContent]) -> int:
    from events.selectors import trainings_for_trainer
    from lms.models import User

    trainer = User.objects.filter(email="trener@example.org").first()
    if trainer is None:
        return 0
    training = trainings_for_trainer(trainer).order_by("-start").first()
    for code, content in contents.items():
        if ActivityRun.objects.filter(code=code).exists():
            continue
        run = run_create(
            user=trainer,
            content=content,
            training=training,
            moderated=content.kind != ActivityKind.TELEPHONE,
            read_seconds=15,
            write_seconds=90,
        )
        run.code = code
        run.save(update_fields=["code"])
    return ActivityRun.objects.filter(code__in=contents).count()


def _mark_programmes() -> int:
    """The demo trainings' agenda items get the activities that belong there."""
    from events.models import TrainingPage

    marked = 0
    for page in TrainingPage.objects.all():
        changed = False
        for child in page.programme:
            if child.block_type != "agenda_item":
                continue
            wanted = PROGRAMME.get(child.value["title"])
            if wanted and not child.value.get("activities"):
                child.value["activities"] = wanted
                changed = True
        if changed:
            page.save(update_fields=["programme"])
            marked += 1
    return marked


def _image(title: str, background: str, shape: str):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        buffer = io.BytesIO()
        _draw(background, shape).save(buffer, "PNG")
        buffer.seek(0)
        image = Image(title=title, file=ImageFile(buffer, name=f"{title}.png"))
        image.save()
    return image


def _draw(background: str, shape: str):
    """A calm symbol on a plain background, 480 × 480."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (480, 480), background)
    pen = ImageDraw.Draw(picture)
    ink, soft = "#3b4a5a", "#c4703a"
    if shape == "house":
        pen.polygon([(120, 240), (240, 120), (360, 240)], fill=soft)
        pen.rectangle([150, 240, 330, 380], fill=ink)
        pen.rectangle([220, 300, 260, 380], fill=background)
    elif shape == "bridge":
        pen.arc([60, 180, 420, 500], 180, 360, fill=ink, width=18)
        pen.line([40, 340, 440, 340], fill=soft, width=16)
    elif shape == "tree":
        pen.rectangle([225, 270, 255, 400], fill="#6b4f3a")
        pen.ellipse([130, 100, 350, 300], fill="#4f8a5b")
    elif shape == "circle":
        import math

        for step in range(8):
            angle = step * math.pi / 4
            x, y = 240 + 130 * math.cos(angle), 240 + 130 * math.sin(angle)
            pen.ellipse(
                [x - 28, y - 28, x + 28, y + 28], fill=ink if step % 2 else soft
            )
    elif shape == "window":
        pen.rectangle([120, 100, 360, 380], outline=ink, width=14)
        pen.line([240, 100, 240, 380], fill=ink, width=10)
        pen.ellipse([270, 130, 330, 190], fill="#f2b84b")
    elif shape == "road":
        pen.polygon([(200, 60), (280, 60), (420, 460), (60, 460)], fill="#8a8f96")
        for y in range(90, 460, 70):
            pen.line([240, y, 240, y + 35], fill="#ffffff", width=8)
    elif shape == "sun":
        pen.ellipse([160, 160, 320, 320], fill="#f2a33a")
        for step in range(12):
            import math

            angle = step * math.pi / 6
            pen.line(
                [240 + 110 * math.cos(angle), 240 + 110 * math.sin(angle),
                 240 + 180 * math.cos(angle), 240 + 180 * math.sin(angle)],
                fill="#f2a33a", width=10,
            )  # fmt: skip
    elif shape == "key":
        pen.ellipse([90, 190, 190, 290], outline=ink, width=18)
        pen.line([185, 240, 400, 240], fill=ink, width=18)
        pen.line([360, 240, 360, 290], fill=ink, width=16)
        pen.line([320, 240, 320, 280], fill=ink, width=16)
    return picture
