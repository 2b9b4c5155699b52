"""A video spotting block's value for tests (the indicators are reference data
that the migrations load; the documents are made here)."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from exercises.models import Indicator

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nТитл.\n"


def make_document(title: str, name: str, content: bytes = b"x"):
    Document = get_document_model()
    document = Document(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def spotting_block_value() -> dict:
    """Expert marks at 4 s (documents kept), 7.5 s (debt) and 11 s (documents
    again), tolerance 2 s, one distractor offered."""
    codes = {i.code: i for i in Indicator.objects.filter(code__startswith="sp-")}
    return {
        "title": "Аутобуска станица",
        "intro": "",
        "video": make_document("Снимак", "snimak.mp4"),
        "captions": make_document("Титлови", "titlovi.vtt", VTT.encode()),
        "captions_language": "sr",
        "description": "",
        "duration": 15.0,
        "tolerance": 2.0,
        "marks": [
            {"time": 4.0, "indicator": codes["sp-k1"], "note": "Пасоши код човека."},
            {"time": 7.5, "indicator": codes["sp-k2"], "note": "Дуг расте."},
            {"time": 11.0, "indicator": codes["sp-k1"], "note": "Поново пасоши."},
        ],
        "other_indicators": [codes["sp-h4"]],
    }
