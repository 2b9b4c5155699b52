"""StreamField blocks of a training's programme."""

import datetime

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from lms import registry

AGENDA_PREVIEW = {
    "start_time": datetime.time(10, 0),
    "end_time": datetime.time(10, 45),
    "title": "Појам трговине људима",
    "text": "<p>Дефиниција, елементи и појавни облици.</p>",
}


class AgendaItemBlock(blocks.StructBlock):
    """One item of the day's agenda: a time slot, a title, notes and a handout."""

    start_time = blocks.TimeBlock(label=_("starts at"))
    end_time = blocks.TimeBlock(label=_("ends at"), required=False)
    title = blocks.CharBlock(label=_("title"), max_length=200)
    text = blocks.RichTextBlock(
        label=_("description"),
        required=False,
        features=["bold", "italic", "link", "ul", "ol"],
    )
    document = DocumentChooserBlock(label=_("document"), required=False)
    # Activities in the room that belong to this part of the day (registered
    # by the apps that run them: lms.registry.register_agenda_activity).
    activities = blocks.MultipleChoiceBlock(
        label=_("activities in the room"),
        choices=registry.agenda_activity_choices,
        required=False,
    )

    class Meta:
        icon = "time"
        template = "events/blocks/agenda_item_block.html"
        label = _("Agenda item")
        description = _("A time slot of the programme with its topic and materials.")
        preview_value = AGENDA_PREVIEW

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        labels = dict(registry.agenda_activity_choices())
        context["activity_labels"] = [
            labels[key] for key in value.get("activities") or () if key in labels
        ]
        return context


class DayHeadingBlock(blocks.StructBlock):
    """A heading that starts a day of a training that spans several days."""

    date = blocks.DateBlock(label=_("date"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)

    class Meta:
        icon = "date"
        template = "events/blocks/day_heading_block.html"
        label = _("Day")
        description = _("Starts the agenda of one day of a multi-day training.")
        preview_value = {"date": datetime.date(2026, 3, 27), "title": "Први дан"}


class ProgrammeBlock(blocks.StreamBlock):
    """The programme of a training: days and agenda items in order."""

    day = DayHeadingBlock()
    agenda_item = AgendaItemBlock()

    class Meta:
        icon = "list-ul"
        template = "events/blocks/programme_block.html"
        description = _("The training's programme.")
        preview_value = [
            ("agenda_item", AGENDA_PREVIEW),
        ]
