from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.models import AgeGroup


class ChecklistForm(forms.Form):
    """The marked indicators (by id) and, in a case study, the chosen steps."""

    age_group = forms.ChoiceField(choices=AgeGroup.choices, label=_("age group"))
    indicator = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("indicators")
    )
    step = forms.TypedMultipleChoiceField(
        choices=(), coerce=int, required=False, label=_("next steps")
    )

    def __init__(self, *args, indicators, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["step"].choices = [(s.pk, s.step.text) for s in steps]
