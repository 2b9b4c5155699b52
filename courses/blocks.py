"""StreamField blocks of a lesson.

A lesson embeds the exercises of the ``exercises`` app as they are, with a
"required" flag added; the lesson page takes their answers (see
``courses.views.practice``). Exercises do not know they are embedded.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from exercises import blocks as exercise_blocks

TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ul", "ol", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a lesson (the lesson title is the page's h1)."""

    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("section")), ("h3", _("subsection"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "courses/blocks/heading_block.html"
        label = _("Heading")
        description = _("A heading that starts a part of the lesson.")
        preview_value = {"text": "Елементи дефиниције", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """An image with a caption and a text alternative for screen readers."""

    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("text alternative"),
        required=False,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image_block.html"
        label = _("Image")
        description = _("An image with a caption.")
        preview_value = {"caption": "Шема система заштите"}


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded file with captions, or an embed from a video site."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    file = DocumentChooserBlock(label=_("video file (MP4 or WebM)"), required=False)
    captions = DocumentChooserBlock(
        label=_("captions (WebVTT)"),
        required=False,
        help_text=_("Subtitles for people who cannot hear the sound."),
    )
    captions_language = blocks.CharBlock(
        label=_("captions language"), default="sr", max_length=10
    )
    embed = EmbedBlock(label=_("or a video from a video site"), required=False)
    transcript = blocks.RichTextBlock(
        label=_("transcript"), required=False, features=["bold", "italic", "link"]
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"
        label = _("Video")
        description = _("A video with captions and, if possible, a transcript.")
        preview_value = {"title": "Прича из праксе", "captions_language": "sr"}

    def clean(self, value):
        value = super().clean(value)
        if not value.get("file") and not value.get("embed"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "file": blocks.BlockValidationError(
                        _("Choose a video file or give a video address.")
                    )
                }
            )
        return value


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a warning, a practice tip or a legal note."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[
            ("warning", _("Warning")),
            ("tip", _("Practice tip")),
            ("legal", _("Legal note")),
        ],
        default="tip",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("text"), features=TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout_block.html"
        label = _("Callout")
        description = _("A warning, a practice tip or a legal note.")
        preview_value = {
            "kind": "legal",
            "title": "Кривични законик, члан 388",
            "text": "<p>Трговина људима је кривично дело.</p>",
        }


class DocumentBlock(blocks.StructBlock):
    """A document to download (a brochure, a form, a legal text)."""

    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document_block.html"
        label = _("Document")
        description = _("A document learners can download.")
        preview_value = {"description": "Брошура са индикаторима"}


class PracticeQuoteBlock(blocks.StructBlock):
    """A quote from practice: what a professional or a survivor has said."""

    quote = blocks.TextBlock(label=_("quote"))
    source = blocks.CharBlock(
        label=_("who said it"),
        required=False,
        help_text=_("A role, never a name that identifies a person."),
    )

    class Meta:
        icon = "openquote"
        template = "courses/blocks/practice_quote_block.html"
        label = _("Quote from practice")
        description = _("An anonymised quote from practice.")
        preview_value = {
            "quote": "Примере из праксе анализирали смо заједно са учесницима.",
            "source": "представник Центра",
        }


class QuizBlock(blocks.StructBlock):
    """A quiz from the question bank, embedded in the lesson."""

    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("quiz"))
    required = blocks.BooleanBlock(
        label=_("must be passed to complete the lesson"), required=False, default=True
    )
    intro = blocks.TextBlock(label=_("introduction"), required=False)

    class Meta:
        icon = "tasks"
        template = "courses/blocks/quiz_block.html"
        label = _("Quiz")
        description = _("A quiz learners take from the lesson.")
        preview_value = {"required": True, "intro": "Проверите своје знање."}


class ReflectionBlock(blocks.StructBlock):
    """A question for the learner to think about; nothing is saved."""

    prompt = blocks.TextBlock(label=_("question for reflection"))
    hint = blocks.TextBlock(label=_("a thought to compare with"), required=False)

    class Meta:
        icon = "pick"
        template = "courses/blocks/reflection_block.html"
        label = _("Reflection")
        description = _("A question to think about, with a thought to compare.")
        preview_value = {
            "prompt": "Како бисте започели разговор са особом која делује уплашено?",
            "hint": "Представите се, објасните улогу и питајте шта јој је потребно.",
        }


def _required(default: bool = True) -> blocks.BooleanBlock:
    return blocks.BooleanBlock(
        label=_("must be done to complete the lesson"),
        required=False,
        default=default,
    )


class LessonDetectiveMysteryBlock(exercise_blocks.DetectiveMysteryBlock):
    """The "detective mystery" exercise in a lesson, optionally required."""

    required = _required()

    class Meta:
        group = _("Exercises")


class LessonOpenQuestionsBlock(exercise_blocks.OpenQuestionsBlock):
    """The "closed to open questions" exercise in a lesson, optionally required."""

    required = _required()

    class Meta:
        group = _("Exercises")


class LessonInstitutionBallBlock(exercise_blocks.InstitutionBallBlock):
    """The "ball of institutions" exercise in a lesson, optionally required."""

    required = _required()

    class Meta:
        group = _("Exercises")


class LessonOneDayBlock(exercise_blocks.OneDayBlock):
    """The "one day" role play in a lesson; done when the conversation ends."""

    required = _required()

    class Meta:
        group = _("Exercises")


class LessonVideoSpottingBlock(exercise_blocks.VideoSpottingBlock):
    """The "video indicator spotting" exercise in a lesson, optionally required."""

    required = _required()

    class Meta:
        group = _("Exercises")


class CaseStudyBlock(blocks.StructBlock):
    """A case study of the screening practice, as a card with the learner's status.

    The case opens on its own page (the whole screening tool does not fit in
    a lesson); it counts as done once the learner has answered it there.
    """

    case = blocks.PageChooserBlock(
        page_type="exercises.CaseStudyPage", label=_("case study")
    )
    intro = blocks.TextBlock(label=_("introduction"), required=False)
    required = _required(default=False)

    class Meta:
        icon = "doc-full-inverse"
        template = "courses/blocks/case_study_block.html"
        label = _("Case study")
        group = _("Exercises")
        description = _("A case study to practise the screening tool on.")
        preview_value = {"intro": "Прочитајте случај и означите индикаторе."}


EXERCISE_BLOCK_TYPES = frozenset(
    {
        "detective_mystery",
        "open_questions",
        "institution_ball",
        "one_day",
        "video_spotting",
    }
)


class LessonBlock(blocks.StreamBlock):
    """The content of a lesson."""

    text = blocks.RichTextBlock(
        label=_("Text"),
        features=TEXT_FEATURES,
        template="courses/blocks/text_block.html",
        icon="pilcrow",
        description=_("Paragraphs, lists and links."),
        preview_value="<p>Трговина људима је тешко кривично дело.</p>",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    document = DocumentBlock()
    quote = PracticeQuoteBlock()
    quiz = QuizBlock()
    reflection = ReflectionBlock()
    detective_mystery = LessonDetectiveMysteryBlock()
    open_questions = LessonOpenQuestionsBlock()
    institution_ball = LessonInstitutionBallBlock()
    one_day = LessonOneDayBlock()
    video_spotting = LessonVideoSpottingBlock()
    case_study = CaseStudyBlock()

    class Meta:
        icon = "doc-full"
        description = _("The content of a lesson.")
        preview_value = [("text", "<p>Трговина људима је тешко кривично дело.</p>")]
