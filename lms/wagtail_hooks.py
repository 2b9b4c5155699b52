"""Wagtail admin for the reference data (confirm and merge institutions) and
the outgoing e-mails (staff see what could not be sent, and why)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms import services
from lms.models import (
    District,
    Institution,
    Municipality,
    OutboundEmail,
    System,
)
from lms.widgets import DistrictGroupedSelect, LatinSlugInput

# Slugs in Latin letters from Cyrillic titles, as the server makes them
# (lms.text.latin_slugify); replaces Wagtail's own SlugInput override.
register_form_field_override(models.SlugField, override={"widget": LatinSlugInput})


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "site"
    menu_label = _("Institutions")
    list_display = ["name", "system", "municipality", "confirmed"]
    list_filter = ["confirmed", "system"]
    search_fields = ["name"]
    ordering = ["confirmed", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("system"),
        FieldPanel("municipality", widget=DistrictGroupedSelect),
        FieldPanel("confirmed"),
    ]


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "globe"
    menu_label = _("Municipalities")
    list_display = ["name", "district", "kind", "parent"]
    list_filter = ["district", "kind"]
    search_fields = ["name"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "globe"
    menu_label = _("Districts")
    list_display = ["name", "name_en", "seat"]
    search_fields = ["name"]


class SystemViewSet(SnippetViewSet):
    model = System
    icon = "group"
    menu_label = _("Systems")
    list_display = ["name", "key", "sort_order"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "list-ul"
    menu_order = 400
    items = (InstitutionViewSet, MunicipalityViewSet, DistrictViewSet, SystemViewSet)


register_snippet(ReferenceDataGroup)


class OutboundEmailViewSet(SnippetViewSet):
    """Read-only for staff: the queue of e-mails, failures first to look at."""

    model = OutboundEmail
    icon = "mail"
    menu_label = _("Outgoing e-mails")
    menu_order = 410
    add_to_admin_menu = True
    list_display = [
        "subject",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False


register_snippet(OutboundEmailViewSet)


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Institution.objects.all(),
        label=_("Merge into"),
        widget=DistrictGroupedSelect,
        help_text=_(
            "Everyone who chose one of the selected institutions is moved to this "
            "one, and the selected institutions are deleted."
        ),
    )


@hooks.register("register_bulk_action")
class ConfirmInstitutionBulkAction(SnippetBulkAction):
    display_name = _("Confirm")
    action_type = "confirm"
    aria_label = _("Confirm the selected institutions")
    template_name = "lms/admin/confirm_institutions.html"
    action_priority = 10
    models = [Institution]

    def check_perm(self, obj):
        return self.request.user.has_perm("lms.change_institution")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        count = Institution.objects.filter(pk__in=[o.pk for o in objects]).update(
            confirmed=True
        )
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d institution confirmed.",
            "%(count)d institutions confirmed.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class MergeInstitutionBulkAction(SnippetBulkAction):
    display_name = _("Merge")
    action_type = "merge"
    aria_label = _("Merge the selected institutions into another")
    template_name = "lms/admin/merge_institutions.html"
    action_priority = 20
    models = [Institution]
    form_class = MergeForm

    def check_perm(self, obj):
        return self.request.user.has_perm("lms.delete_institution")

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "target": self.cleaned_form.cleaned_data["target"],
        }

    @classmethod
    def execute_action(cls, objects, target=None, **kwargs):
        moved = 0
        merged = 0
        for source in objects:
            if source.pk != target.pk:
                moved += services.institution_merge(source=source, target=target)
                merged += 1
        return merged, moved

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d institution merged; %(people)d profiles moved.",
            "%(count)d institutions merged; %(people)d profiles moved.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "people": num_child_objects}
