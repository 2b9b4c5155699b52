"""The question form in the admin: options must fit the question's type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


def _options(formset) -> list[dict]:
    if not formset.is_valid():
        return []
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def option_errors(kind: str, options: list[dict], accepted: str) -> list[str]:
    """What is wrong with these options for a question of this type."""
    from .models.questions import CHOICE_KINDS, QuestionKind

    correct = sum(1 for o in options if o.get("is_correct"))
    if kind == QuestionKind.SHORT_TEXT:
        return [] if accepted.strip() else [_("Give at least one accepted answer.")]
    errors = []
    if len(options) < 2:
        errors.append(_("Give at least two options."))
    if kind in CHOICE_KINDS - {QuestionKind.MULTIPLE} and correct != 1:
        errors.append(_("Mark exactly one option as correct."))
    if kind == QuestionKind.MULTIPLE and correct < 1:
        errors.append(_("Mark at least one option as correct."))
    if kind == QuestionKind.MATCHING and not all(o.get("match") for o in options):
        errors.append(_("Give every option of a matching question its match."))
    return errors


class QuestionForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("options")
        if formset is not None and cleaned.get("kind"):
            errors = option_errors(
                cleaned["kind"], _options(formset), cleaned.get("accepted_answers", "")
            )
            if errors:
                raise ValidationError(errors)
        return cleaned
