from django import forms
from django.utils.translation import gettext_lazy as _

from lms.models import Municipality, Profile, System
from lms.models.profiles import normalise_licence_number, validate_licence_number
from lms.widgets import DistrictGroupedSelect

NAME_MAX = 150


class MunicipalityField(forms.ModelChoiceField):
    """A municipality, searchable, in Serbian order, grouped by district."""

    widget = DistrictGroupedSelect

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Municipality.objects.select_related("parent"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        if obj.parent_id:
            return f"{obj.name} ({obj.parent.name})"
        return obj.name


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=NAME_MAX, strip=True)
    last_name = forms.CharField(label=_("Last name"), max_length=NAME_MAX, strip=True)
    institution_name = forms.CharField(
        label=_("Institution"),
        max_length=255,
        help_text=_(
            "Start typing and choose from the list. If your institution is not "
            "listed, type its full name: the Centre will add it."
        ),
    )
    municipality = MunicipalityField(label=_("Municipality (district)"))
    system = forms.ModelChoiceField(
        queryset=System.objects.all(), label=_("System you work in")
    )

    field_order = [
        "first_name",
        "last_name",
        "gender",
        "system",
        "institution_name",
        "municipality",
        "job_title",
        "licence_number",
        "preferred_script",
    ]

    class Meta:
        model = Profile
        fields = [
            "gender",
            "system",
            "municipality",
            "job_title",
            "licence_number",
            "preferred_script",
        ]
        widgets = {
            "gender": forms.RadioSelect,
            "preferred_script": forms.RadioSelect,
        }
        help_texts = {
            "gender": _("Used only for anonymous statistics."),
            "licence_number": _(
                "Optional. Needed only for licence-renewal points of the Chamber "
                "of Social Protection."
            ),
            "preferred_script": _("Script of your certificates."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].required = True
        self.fields["gender"].choices = self.fields["gender"].choices[1:]
        self.fields["job_title"].required = True
        self.fields["preferred_script"].choices = self.fields[
            "preferred_script"
        ].choices[-2:]
        self.fields["licence_number"].validators = []
        if user is not None and not self.is_bound:
            self.initial.setdefault("first_name", user.first_name)
            self.initial.setdefault("last_name", user.last_name)
            if self.instance.institution_id:
                self.initial.setdefault(
                    "institution_name", self.instance.institution.name
                )
        self.fields["institution_name"].widget.attrs.update(
            {"list": "institution-options", "autocomplete": "off",
             "data-autocomplete": "/api/institutions/"}
        )  # fmt: skip
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "first_name": "given-name",
                "last_name": "family-name",
            }[name]
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"

    def clean_licence_number(self):
        value = normalise_licence_number(self.cleaned_data.get("licence_number", ""))
        if value:
            validate_licence_number(value)
        return value

    def clean_institution_name(self):
        value = " ".join(self.cleaned_data["institution_name"].split())
        if len(value) < 3:
            raise forms.ValidationError(_("Enter the full name of the institution."))
        return value


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted permanently.")
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
