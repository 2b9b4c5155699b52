"""The demo's video spotting block: the platform-made video, captions, marks.

The video and captions are made by ``scripts/make_spotting_video.py`` and
stored as Wagtail documents (once, found again by title).
"""

from django.core.files import File
from wagtail.documents import get_document_model

from exercises.models import Indicator
from exercises.reference_data import DATA


def document(filename: str, title: str):
    Document = get_document_model()
    found = Document.objects.filter(title=title).first()
    if found is None:
        with (DATA / filename).open("rb") as handle:
            found = Document(title=title, file=File(handle, name=filename))
            found.save()
    return found


def block_value(row: dict) -> dict:
    """The block's value from the demo data (files and indicator codes resolved)."""
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(indicator_set__slug=row["indicator_set"])
    }
    return {
        "title": row["title"],
        "intro": row["intro"],
        "video": document(row["video_file"], row["video_title"]),
        "captions": document(row["captions_file"], row["captions_title"]),
        "captions_language": row["captions_language"],
        "description": row["description"],
        "duration": row["duration"],
        "tolerance": row["tolerance"],
        "marks": [
            {"time": m["time"], "indicator": indicators[m["code"]], "note": m["note"]}
            for m in row["marks"]
        ],
        "other_indicators": [indicators[code] for code in row["other_codes"]],
    }


PROGRAMME_TOPIC = "Препознавање и пријављивање сумњи на трговину људима"


def link_in_programmes(page) -> int:
    """The upcoming demo trainings name the live video spotting in the part of
    the day where it is done (recognising and reporting); returns how many."""
    from events.models import TrainingPage

    link = (
        f'<p>Вежба уживо: <a linktype="page" id="{page.pk}">{page.title}</a> '
        "(снимак на пројектору, ознаке на телефонима).</p>"
    )
    changed = 0
    for training in TrainingPage.objects.filter(slug__endswith="-nova"):
        raw = list(training.programme.raw_data)
        for item in raw:
            value = item["value"]
            if item["type"] != "agenda_item" or value.get("title") != PROGRAMME_TOPIC:
                continue
            if f'id="{page.pk}"' not in (value.get("text") or ""):
                value["text"] = (value.get("text") or "") + link
                training.programme = training.programme.stream_block.to_python(raw)
                training.save_revision().publish()
                changed += 1
    return changed
