"""StreamField blocks: the parts of a case study and the training's exercises.

The exercise blocks are self-contained: a course lesson can embed them as they
are. Their templates post the learner's answer to ``exercises:block_answer``
with the page and the block id, so the block's template must be included with
``{% include_block block with block_id=block.id %}``. The feedback itself is
computed by the pure functions in ``exercises.feedback``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from exercises import feedback
from exercises.spotting.blocks import VideoSpottingBlock

STORY_PARTS = [
    ("first_contact", _("First contact")),
    ("what_is_seen", _("What is seen")),
    ("what_is_said", _("What the person says")),
    ("other", _("More")),
]

STORY_PREVIEW = "Девојка од шеснаест година долази у саветовалиште са другарицом."


class StoryPartBlock(blocks.StructBlock):
    """One part of a case study's story: first contact, what is seen, what is said."""

    part = blocks.ChoiceBlock(choices=STORY_PARTS, label=_("part"))
    text = blocks.TextBlock(label=_("text"))

    class Meta:
        icon = "doc-full"
        template = "exercises/blocks/story_part_block.html"
        label = _("Part of the story")
        description = _("A part of an invented, anonymised story.")
        preview_value = {"part": "first_contact", "text": STORY_PREVIEW}


class StoryBlock(blocks.StreamBlock):
    """The story of a case study, told in parts."""

    part = StoryPartBlock()

    class Meta:
        icon = "doc-full-inverse"
        template = "exercises/blocks/story_block.html"
        description = _("The story of a case study, told in parts.")
        preview_value = [("part", {"part": "first_contact", "text": STORY_PREVIEW})]


class PassageBlock(blocks.StructBlock):
    """A passage of the detective scene: a sign that is easy to miss, or not."""

    text = blocks.CharBlock(label=_("passage"), max_length=400)
    is_sign = blocks.BooleanBlock(label=_("this is a sign"), required=False)
    explanation = blocks.TextBlock(label=_("explanation"))


DETECTIVE_PREVIEW = {
    "title": "Аутобуска станица, 6 ујутру",
    "intro": "Прочитајте сцену и кликните на детаље који би могли да значе нешто.",
    "passages": [
        {
            "text": "Младић спава на клупи поред торбе.",
            "is_sign": False,
            "explanation": "Умор сам по себи не говори много.",
        },
        {
            "text": "Човек у колима држи пасоше четворице радника.",
            "is_sign": True,
            "explanation": "Одузимање личних докумената је јак индикатор контроле.",
        },
    ],
}


def _percent(label, *, minimum: int) -> blocks.IntegerBlock:
    return blocks.IntegerBlock(label=label, min_value=minimum, max_value=100)


class HotspotBlock(blocks.StructBlock):
    """A region of the scene image: a sign that is easy to miss, or not.

    The region is given in percent of the image's width and height, so it
    stays in place at any screen size. The label names what the region shows
    in neutral words (it is what a screen reader announces); it must not say
    whether it is a sign.
    """

    label = blocks.CharBlock(
        label=_("what the region shows"),
        max_length=120,
        help_text=_("Neutral words, read by screen readers; do not give the answer."),
    )
    x = _percent(_("left edge (%)"), minimum=0)
    y = _percent(_("top edge (%)"), minimum=0)
    width = _percent(_("width (%)"), minimum=1)
    height = _percent(_("height (%)"), minimum=1)
    is_sign = blocks.BooleanBlock(label=_("this is a sign"), required=False)
    explanation = blocks.TextBlock(label=_("explanation"))

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["x"] + value["width"] > 100:
            errors["width"] = ValidationError(_("The region goes past the right edge."))
        if value["y"] + value["height"] > 100:
            errors["height"] = ValidationError(
                _("The region goes past the bottom edge.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class DetectiveMysteryBlock(blocks.StructBlock):
    """ "Detective mystery": a scene where the learner looks for the signs.

    The scene is an image with hotspots, a text in passages, or both. After
    answering, every hotspot and passage is revealed: signs found, signs
    missed and details marked that are not signs, each with its explanation.
    """

    title = blocks.CharBlock(label=_("title"), max_length=200)
    intro = blocks.TextBlock(label=_("instructions"), required=False)
    image = ImageChooserBlock(label=_("scene image"), required=False)
    image_description = blocks.TextBlock(
        label=_("description of the image"),
        required=False,
        help_text=_(
            "What the scene shows, for people who cannot see the image; "
            "do not say which details are signs."
        ),
    )
    hotspots = blocks.ListBlock(
        HotspotBlock(), label=_("hotspots on the image"), default=[]
    )
    passages = blocks.ListBlock(PassageBlock(), label=_("passages"), default=[])

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["image"] and not value["hotspots"]:
            errors["hotspots"] = ValidationError(_("Mark at least one hotspot."))
        if value["hotspots"] and not value["image"]:
            errors["image"] = ValidationError(_("Hotspots need an image."))
        if value["image"] and not value["image_description"].strip():
            errors["image_description"] = ValidationError(
                _("Describe the image for people who cannot see it.")
            )
        if not value["image"] and not value["passages"]:
            errors["passages"] = ValidationError(
                _("Give the scene as an image with hotspots or as passages.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "view"
        template = "exercises/blocks/detective_mystery_block.html"
        label = _("Detective mystery")
        description = _("Find the easy-to-miss signs in a scene told in passages.")
        preview_value = DETECTIVE_PREVIEW

    kind = "detective"
    grade = staticmethod(feedback.detective_feedback)
    summarise = staticmethod(feedback.detective_summary)


class ClosedQuestionBlock(blocks.StructBlock):
    """A closed question to rewrite, with model open questions."""

    closed_question = blocks.CharBlock(label=_("closed question"), max_length=300)
    model_answers = blocks.TextBlock(
        label=_("model open questions"), help_text=_("One per line.")
    )


class OpenQuestionsBlock(blocks.StructBlock):
    """ "Closed to open questions": rewrite closed questions for a first talk.

    Feedback comes from transparent rules (``feedback.question_issues``): can
    it be answered yes or no, does it lead, does it blame; then model answers.
    The learner's text is never stored, only which rules it met.
    """

    title = blocks.CharBlock(label=_("title"), max_length=200)
    intro = blocks.TextBlock(label=_("instructions"), required=False)
    questions = blocks.ListBlock(ClosedQuestionBlock(), label=_("questions"))

    class Meta:
        icon = "help"
        template = "exercises/blocks/open_questions_block.html"
        label = _("Closed to open questions")
        description = _("Rewrite closed questions as open ones, with rule feedback.")
        preview_value = {
            "title": "Први разговор",
            "intro": "Препишите питања тако да особа може да исприча својим речима.",
            "questions": [
                {
                    "closed_question": "Да ли вас је газда тукао?",
                    "model_answers": "Како је изгледао један ваш радни дан?",
                }
            ],
        }

    kind = "questions"
    grade = staticmethod(feedback.questions_feedback)
    summarise = staticmethod(feedback.questions_summary)


class TaskBlock(blocks.StructBlock):
    """A task in the case and the institutions responsible for it."""

    task = blocks.CharBlock(label=_("task"), max_length=300)
    responsible = blocks.ListBlock(
        blocks.CharBlock(max_length=120), label=_("responsible institutions")
    )
    explanation = blocks.TextBlock(label=_("explanation"))


class OrderedStepBlock(blocks.StructBlock):
    """A step of the response, given in the right order."""

    text = blocks.CharBlock(label=_("step"), max_length=300)
    explanation = blocks.TextBlock(label=_("why here"), required=False)


class InstitutionBallBlock(blocks.StructBlock):
    """ "Ball of institutions": who does what in a case, and in which order.

    The learner matches each task with the institutions that do it and puts
    the steps in order; feedback names the gaps (a task nobody takes on),
    the overlaps (institutions doing what is not theirs) and misplaced steps.
    """

    title = blocks.CharBlock(label=_("title"), max_length=200)
    case_text = blocks.TextBlock(label=_("the case"))
    institutions = blocks.ListBlock(
        blocks.CharBlock(max_length=120), label=_("institutions")
    )
    tasks = blocks.ListBlock(TaskBlock(), label=_("tasks"))
    steps = blocks.ListBlock(OrderedStepBlock(), label=_("steps in the right order"))

    class Meta:
        icon = "group"
        template = "exercises/blocks/institution_ball_block.html"
        label = _("Ball of institutions")
        description = _("Match who does what in a case and order the steps.")
        preview_value = {
            "title": "Ко шта ради",
            "case_text": "Школа примети да ученица од 15 година често изостаје.",
            "institutions": ["Школа", "Центар за социјални рад"],
            "tasks": [
                {
                    "task": "Процена безбедности детета у породици",
                    "responsible": ["Центар за социјални рад"],
                    "explanation": "Процену ради орган старатељства.",
                }
            ],
            "steps": [
                {"text": "Школа обавештава ЦСР", "explanation": ""},
                {"text": "ЦСР процењује безбедност", "explanation": ""},
            ],
        }

    kind = "ball"
    grade = staticmethod(feedback.ball_feedback)
    summarise = staticmethod(feedback.ball_summary)


QUALITY_CHOICES = list(feedback.QUALITY_LABELS.items())


class DialogueChoiceBlock(blocks.StructBlock):
    """A reply the learner may choose, where it leads and what it causes."""

    text = blocks.CharBlock(label=_("reply"), max_length=300)
    quality = blocks.ChoiceBlock(choices=QUALITY_CHOICES, label=_("quality"))
    feedback = blocks.TextBlock(label=_("feedback"))
    next = blocks.CharBlock(
        label=_("next moment"),
        required=False,
        max_length=40,
        help_text=_("The key of the next moment; empty ends the conversation."),
    )


class DialogueNodeBlock(blocks.StructBlock):
    """A moment of the conversation: what happens, what the person says."""

    key = blocks.CharBlock(label=_("key"), max_length=40)
    situation = blocks.TextBlock(label=_("what happens"))
    choices = blocks.ListBlock(
        DialogueChoiceBlock(), label=_("replies"), min_num=0, default=[]
    )


class OneDayBlock(blocks.StructBlock):
    """ "One day": a branching first conversation with trauma-informed feedback.

    The first moment is the start; each reply leads to another moment and
    tells the learner what it may cause. A moment without replies ends it.
    """

    title = blocks.CharBlock(label=_("title"), max_length=200)
    intro = blocks.TextBlock(label=_("introduction"), required=False)
    nodes = blocks.ListBlock(DialogueNodeBlock(), label=_("moments"))

    class Meta:
        icon = "openquote"
        template = "exercises/blocks/one_day_block.html"
        label = _("One day (role play)")
        description = _("A branching role play of a first conversation.")
        preview_value = {
            "title": "Један дан",
            "intro": "Радите на шалтеру. Пред вама је млада жена.",
            "nodes": [
                {
                    "key": "start",
                    "situation": "Жена ћути и гледа у под.",
                    "choices": [
                        {
                            "text": "Представите се и кажете колико времена имате.",
                            "quality": "good",
                            "feedback": "Предвидљивост смањује страх.",
                            "next": "",
                        }
                    ],
                }
            ],
        }

    kind = "one_day"
    grade = staticmethod(feedback.one_day_feedback)
    summarise = staticmethod(feedback.one_day_summary)


class ExerciseStreamBlock(blocks.StreamBlock):
    """The training's exercises, to place on an exercise page or in a lesson."""

    detective_mystery = DetectiveMysteryBlock()
    open_questions = OpenQuestionsBlock()
    institution_ball = InstitutionBallBlock()
    one_day = OneDayBlock()
    video_spotting = VideoSpottingBlock()

    class Meta:
        icon = "pick"
        description = _("Interactive exercises.")
        preview_value = [("detective_mystery", DETECTIVE_PREVIEW)]
