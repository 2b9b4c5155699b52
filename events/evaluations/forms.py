"""The evaluation questionnaire as a form: five ratings, three open questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import FREE_TEXT_ITEMS, RATED_ITEMS, EvaluationTemplate

RATINGS = [(str(n), str(n)) for n in range(1, 6)]


class RatingSelect(forms.RadioSelect):
    """Five large radio buttons in one row (1 most negative, 5 most positive)."""

    template_name = "events/forms/rating_select.html"


class EvaluationAnswerForm(forms.Form):
    template_name = "events/forms/evaluation_form.html"

    def __init__(self, *args, extra_questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in RATED_ITEMS:
            self.fields[key] = forms.TypedChoiceField(
                label=label, choices=RATINGS, coerce=int, widget=RatingSelect
            )
        for key, label in FREE_TEXT_ITEMS:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.extra_questions = list(extra_questions)
        for question in self.extra_questions:
            if question["kind"] == "rating":
                field = forms.TypedChoiceField(
                    choices=RATINGS, coerce=int, widget=RatingSelect, required=False
                )
            else:
                field = forms.CharField(
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            field.label = question["text"]
            self.fields[f"extra_{question['key']}"] = field

    def rated_fields(self):
        return [self[key] for key, _label in RATED_ITEMS]

    def text_fields(self):
        return [self[key] for key, _label in FREE_TEXT_ITEMS] + [
            self[f"extra_{q['key']}"] for q in self.extra_questions
        ]

    @property
    def ratings(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key, _label in RATED_ITEMS}

    @property
    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key, _label in FREE_TEXT_ITEMS}

    @property
    def extra_answers(self) -> list[dict]:
        answers = []
        for question in self.extra_questions:
            value = self.cleaned_data.get(f"extra_{question['key']}")
            if value not in (None, ""):
                answers.append({"question": question["text"], "answer": value})
        return answers


class EvaluationTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Extra questions"),
        queryset=EvaluationTemplate.objects.all(),
        required=False,
        empty_label=_("only the standard questions"),
    )
