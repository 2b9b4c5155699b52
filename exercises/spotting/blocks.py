"""The "video indicator spotting" block: a video, its captions, the expert's marks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from exercises.spotting import grading

VIDEO_EXTENSIONS = ("mp4", "webm")


class ExpertMarkBlock(blocks.StructBlock):
    """A moment of the video where the expert sees an indicator."""

    time = blocks.FloatBlock(label=_("time (seconds)"), min_value=0)
    indicator = SnippetChooserBlock("exercises.Indicator", label=_("indicator"))
    note = blocks.TextBlock(
        label=_("note"),
        required=False,
        help_text=_("What is seen at that moment; shown after the answer."),
    )


def _extension(document) -> str:
    return (getattr(document, "file_extension", "") or "").lower().lstrip(".")


class VideoSpottingBlock(blocks.StructBlock):
    """ "Video indicator spotting": watch a video and mark the indicators seen.

    The video and its WebVTT captions are documents stored on the platform
    (no outside video service: the training room may have no internet).
    Captions are required, for people who cannot hear the sound. The learner
    taps "I see an indicator" and picks which; at the end their marks are
    shown beside the expert's (``exercises.spotting.scoring``). In the room
    the same block runs live: phones mark while the projector plays it.
    """

    title = blocks.CharBlock(label=_("title"), max_length=200)
    intro = blocks.TextBlock(label=_("instructions"), required=False)
    video = DocumentChooserBlock(
        label=_("video file (MP4 or WebM)"),
        help_text=_("Upload it to the platform's documents."),
    )
    captions = DocumentChooserBlock(
        label=_("captions (WebVTT)"),
        required=False,
        help_text=_("Required: subtitles for people who cannot hear the sound."),
    )
    captions_language = blocks.CharBlock(
        label=_("captions language"), default="sr", max_length=10
    )
    description = blocks.TextBlock(
        label=_("what the video shows"),
        required=False,
        help_text=_("For people who cannot see it; do not give the indicators away."),
    )
    duration = blocks.FloatBlock(label=_("length of the video (seconds)"), min_value=1)
    tolerance = blocks.FloatBlock(
        label=_("tolerance (seconds)"),
        default=2.0,
        min_value=0.5,
        max_value=30,
        help_text=_("How far from the expert's moment a mark still counts."),
    )
    marks = blocks.ListBlock(ExpertMarkBlock(), label=_("expert marks"), min_num=1)
    other_indicators = blocks.ListBlock(
        SnippetChooserBlock("exercises.Indicator"),
        label=_("other indicators to offer"),
        default=[],
        help_text=_(
            "Offered beside the expert's, so that the list does not give the "
            "answer away."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value.get("captions"):
            errors["captions"] = ValidationError(
                _(
                    "Add captions (WebVTT): without them the video cannot be "
                    "followed by people who cannot hear the sound."
                )
            )
        elif _extension(value["captions"]) != "vtt":
            errors["captions"] = ValidationError(_("Captions must be a .vtt file."))
        if value.get("video") and _extension(value["video"]) not in VIDEO_EXTENSIONS:
            errors["video"] = ValidationError(
                _("The video must be an MP4 or WebM file.")
            )
        duration = value.get("duration") or 0
        if any(mark["time"] > duration for mark in value.get("marks") or []):
            errors["marks"] = ValidationError(
                _("An expert mark is after the end of the video.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "media"
        template = "exercises/blocks/video_spotting_block.html"
        label = _("Video indicator spotting")
        description = _("Watch a video and mark the moments where indicators appear.")
        preview_value = {
            "title": "Шта се види на аутобуској станици",
            "intro": "Када приметите индикатор, додирните дугме и изаберите који.",
            "duration": 12,
            "tolerance": 2,
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["indicators"] = grading.offered_indicators(value)
        return context

    kind = "spotting"
    grade = staticmethod(grading.spotting_feedback)
    summarise = staticmethod(grading.spotting_summary)
