from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The site's home: introduces the training programme and leads to its sections.

    The sections (calendar, courses, practice) are the home page's live children
    shown in menus, so a section that does not exist yet simply does not appear.
    """

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    highlights = RichTextField(
        _("facts about the programme"),
        blank=True,
        help_text=_("For example the figures of the last training series."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("intro"),
        FieldPanel("highlights"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("intro"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from lms import registry

        context["home_panels"] = [
            p for p in (panel(request) for panel in registry.home_panels) if p
        ]
        context["sections"] = (
            self.get_children().live().in_menu().public().specific().order_by("path")
        )
        return context
