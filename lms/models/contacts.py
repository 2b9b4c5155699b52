"""The Centre's contacts and emergency numbers, edited by staff per site."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_EMERGENCY_NUMBERS = (
    "192 — Полиција\n"
    "194 — Хитна медицинска помоћ\n"
    "112 — Јединствени број за хитне случајеве"
)


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    label: str


@register_setting(icon="mail")
class CentreContacts(BaseSiteSetting):
    """How to reach the Centre, and whom to call when someone is in danger.

    Generic on purpose: the assistant, e-mails and pages of any app may show it.
    """

    name = models.CharField(
        _("name"),
        max_length=200,
        default="Центар за заштиту жртава трговине људима",
    )
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    hours = models.CharField(_("working hours"), max_length=120, blank=True)
    emergency_numbers = models.TextField(
        _("emergency numbers"),
        blank=True,
        default=DEFAULT_EMERGENCY_NUMBERS,
        help_text=_("One per line: the number, a dash, whom it reaches."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("hours"),
            ],
            heading=_("The Centre"),
        ),
        FieldPanel("emergency_numbers"),
    ]

    class Meta:
        verbose_name = _("contacts of the Centre")

    def emergency_list(self) -> list[EmergencyNumber]:
        """The emergency numbers, parsed from the lines staff wrote."""
        numbers = []
        for line in self.emergency_numbers.splitlines():
            number, _dash, label = line.replace("–", "—").partition("—")
            if number.strip():
                numbers.append(EmergencyNumber(number.strip(), label.strip()))
        return numbers
