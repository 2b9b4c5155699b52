"""Forms of referrals: the referrer's draft, the thread and the Centre's steps."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.models import Municipality
from lms.widgets import DistrictGroupedSelect
from referrals.models import (
    AgeGroup,
    ContactWay,
    Outcome,
    PersonGender,
    Referral,
    Status,
    Urgency,
)


class ReferralForm(forms.ModelForm):
    """The referrer's draft. Indicators come from the screening tool, not typed."""

    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.local_self_government_units(),
        label=_("Municipality where the person is"),
        required=False,
        widget=DistrictGroupedSelect,
    )
    attachment = forms.FileField(
        label=_("Attach a document or photo (optional)"),
        required=False,
        help_text=_("PDF, JPEG, PNG or Word (.docx), at most 5 MB."),
    )

    class Meta:
        model = Referral
        fields = [
            "municipality",
            "age_group",
            "urgency",
            "description",
            "actions_taken",
            "contact_way",
            "contact_details",
        ]
        labels = {
            "age_group": _("Age group of the person"),
            "description": _("What have you noticed?"),
            "actions_taken": _("What has been done already?"),
            "contact_details": _("Your phone or e-mail for the Centre (optional)"),
        }
        help_texts = {
            "description": _(
                "Describe what raised your suspicion. Write only what the Centre "
                "needs; this text is encrypted and only the Centre reads it."
            ),
        }
        widgets = {
            "age_group": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "contact_way": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "actions_taken": forms.Textarea(attrs={"rows": 3}),
            "contact_details": forms.TextInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_group"].choices = AgeGroup.choices
        self.fields["age_group"].required = False
        self.fields["urgency"].choices = Urgency.choices
        self.fields["contact_way"].choices = ContactWay.choices

    def clean_description(self):
        return self.cleaned_data["description"].strip()[:20000]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > settings.REFERRALS_MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        return upload


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class AttachmentForm(forms.Form):
    attachment = forms.FileField(
        label=_("Attach a document or photo"),
        help_text=_("PDF, JPEG, PNG or Word (.docx), at most 5 MB."),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=None, label=_("Case worker"), required=False
    )

    def __init__(self, *args, case_workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = case_workers


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in Status if s != Status.DRAFT],
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    note = forms.CharField(
        label=_("Note (seen only by the Centre)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.CLOSED and not data.get("outcome"):
            self.add_error(
                "outcome", _("Choose an outcome before closing the referral.")
            )
        return data


class IdentifiedForm(forms.Form):
    """Numbers of identified people by age group and gender: no other detail."""

    girls = forms.IntegerField(label=_("Girls"), min_value=0, max_value=50, initial=0)
    boys = forms.IntegerField(label=_("Boys"), min_value=0, max_value=50, initial=0)
    women = forms.IntegerField(label=_("Women"), min_value=0, max_value=50, initial=0)
    men = forms.IntegerField(label=_("Men"), min_value=0, max_value=50, initial=0)

    def people(self) -> list[tuple[str, str]]:
        d = self.cleaned_data
        return (
            [(AgeGroup.CHILD, PersonGender.FEMALE)] * d["girls"]
            + [(AgeGroup.CHILD, PersonGender.MALE)] * d["boys"]
            + [(AgeGroup.ADULT, PersonGender.FEMALE)] * d["women"]
            + [(AgeGroup.ADULT, PersonGender.MALE)] * d["men"]
        )


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data
