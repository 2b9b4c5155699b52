from django import forms
from django.utils.translation import gettext_lazy as _


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=500,
        strip=True,
        error_messages={
            "required": _("Write a question."),
            "max_length": _("Please keep the question under 500 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "enterkeyhint": "send"}),
    )
    new_topic = forms.BooleanField(label=_("New topic"), required=False)
