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
