import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import ParticipationForm, RegistrationStatus
from lms.widgets import DistrictGroupedSelect


class RegistrationForm(forms.Form):
    """A participant registers: participation form and the two consents."""

    # The site's field template hides errors of checkboxes; this one shows them.
    template_name = "events/forms/registration_form.html"

    participation_form = forms.ChoiceField(
        label=_("I will take part as"),
        choices=[
            (ParticipationForm.PASSIVE, ParticipationForm.PASSIVE.label),
            (ParticipationForm.ACTIVE, ParticipationForm.ACTIVE.label),
        ],
        initial=ParticipationForm.PASSIVE,
        widget=forms.RadioSelect,
        help_text=_("Active participants take part in exercises and discussion."),
    )
    consent_data = forms.BooleanField(
        label=_(
            "I agree that the Centre processes my profile data to organise this "
            "training."
        ),
        error_messages={"required": _("Without this consent we cannot register you.")},
    )
    consent_chamber = forms.BooleanField(
        label=_(
            "I agree that my name, institution and licence number are sent to the "
            "Chamber of Social Protection in the attendance report."
        ),
        error_messages={"required": _("Without this consent we cannot register you.")},
    )


class CheckinForm(forms.Form):
    code = forms.CharField(label=_("Code from the QR code"), max_length=100)


class ConsentForm(forms.Form):
    """The person's own consents (walk-in form, consent page): never ticked."""

    template_name = "events/forms/registration_form.html"

    consent_data = forms.BooleanField(
        label=RegistrationForm.base_fields["consent_data"].label,
        required=False,
    )
    consent_chamber = forms.BooleanField(
        label=RegistrationForm.base_fields["consent_chamber"].label,
        required=False,
        help_text=_(
            "Without it you are not in the attendance list sent to the Chamber, "
            "so the Chamber cannot award your licence points for this training."
        ),
    )


class WalkinForm(ConsentForm):
    """A walk-in at the door; the person ticks the consents themselves.

    ``token`` is new on every rendered form: the same form sent twice is one
    walk-in.
    """

    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"), required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    field_order = ["first_name", "last_name", "email"]


class CalendarFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("district"), queryset=None, required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("city or municipality"), queryset=None, required=False
    )
    system = forms.ModelChoiceField(label=_("system"), queryset=None, required=False)
    month = forms.DateField(
        label=_("month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    past = forms.BooleanField(label=_("past trainings"), required=False)

    def __init__(self, *args, **kwargs):
        from lms.models import District, Municipality, System

        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.all()
        self.fields["municipality"].queryset = Municipality.objects.filter(
            trainings__isnull=False
        ).distinct()
        self.fields["system"].queryset = System.objects.all()


class RegistrationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", "—"), *RegistrationStatus.choices],
    )
    system = forms.ModelChoiceField(label=_("system"), queryset=None, required=False)
    municipality = forms.ModelChoiceField(
        label=_("city or municipality"),
        queryset=None,
        required=False,
        widget=DistrictGroupedSelect,
    )
    institution = forms.CharField(label=_("institution"), required=False)

    def __init__(self, *args, **kwargs):
        from lms.models import Municipality, System

        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = System.objects.all()
        self.fields[
            "municipality"
        ].queryset = Municipality.objects.local_self_government_units()


class StaffRegistrationForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address of the person's account"))
    participation_form = forms.ChoiceField(
        label=_("participation form"),
        choices=ParticipationForm.choices,
        initial=ParticipationForm.PASSIVE,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("participant list (CSV or XLSX)"),
        help_text=_(
            "First row: the column names (Ime, Prezime, E-pošta, Broj licence, "
            "Ustanova, Sistem, Opština, Pol, Oblik učešća, Prisustvovao/la), in "
            "either script or in English, in any order. E-mail is optional for "
            "people on paper. Download the template below."
        ),
    )

    def clean_file(self):
        from django.template.defaultfilters import filesizeformat

        from events import conf

        upload = self.cleaned_data["file"]
        limit = conf.import_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)s. Split the list into smaller "
                    "files."
                )
                % {"size": filesizeformat(limit)},
                code="too_large",
            )
        return upload
