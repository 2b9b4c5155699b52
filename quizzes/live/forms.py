"""Forms of live sessions: starting one, adding a question on the spot."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.selectors import trainings_for_trainer
from quizzes.models import LiveKind, LiveMode, Quiz

from .services import OPTIONS_MAX


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    quiz = forms.ModelChoiceField(
        label=_("Quiz"),
        queryset=Quiz.objects.order_by("title"),
        required=False,
        empty_label=_("— none: I will add questions on the spot —"),
        help_text=_(
            "Single and multiple choice, true/false and short-text questions "
            "are played live; you can add polls, rating scales, word clouds "
            "and open questions in the control view."
        ),
    )
    training = forms.ModelChoiceField(
        label=_("Training"), queryset=None, required=False
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=LiveMode.choices,
        initial=LiveMode.QUIZ,
        widget=forms.RadioSelect,
        help_text=_(
            "Use the reflective mode for sensitive topics: answers are "
            "anonymous on the screen, with no points, clock or ranking."
        ),
    )
    allow_guests = forms.BooleanField(
        label=_("People without an account may join with a nickname"),
        required=False,
        initial=True,
    )
    show_leaderboard = forms.BooleanField(
        label=_("Show the leaderboard (quiz mode only)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        recent = timezone.now() - timedelta(days=60)
        self.fields["training"].queryset = (
            trainings_for_trainer(user).filter(end__gte=recent).order_by("start")
        )


class QuestionForm(forms.Form):
    """A question made on the spot: options one per line."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (LiveKind.SINGLE, _("single choice")),
            (LiveKind.MULTIPLE, _("multiple choice")),
            (LiveKind.TRUE_FALSE, _("true or false")),
            (LiveKind.RATING, _("rating scale")),
            (LiveKind.WORD_CLOUD, _("word cloud")),
            (LiveKind.OPEN, _("open question (moderated)")),
        ],
    )
    text = forms.CharField(
        label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    options = forms.CharField(
        label=_("Options, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mark right answers with * at the start of the line."),
    )
    scale_max = forms.TypedChoiceField(
        label=_("Scale from 1 to"),
        choices=[(n, n) for n in (3, 4, 5, 7, 10)],
        coerce=int,
        initial=5,
        required=False,
    )
    time_limit = forms.IntegerField(
        label=_("Time limit in seconds (optional)"),
        min_value=5,
        max_value=600,
        required=False,
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = [
            line.strip()
            for line in (data.get("options") or "").splitlines()
            if line.strip()
        ]
        if kind in (LiveKind.SINGLE, LiveKind.MULTIPLE):
            if len(lines) < 2:
                self.add_error("options", _("Give at least two options."))
            if len(lines) > OPTIONS_MAX:
                self.add_error(
                    "options",
                    _("At most %(count)d options.") % {"count": OPTIONS_MAX},
                )
        if kind == LiveKind.TRUE_FALSE and lines and len(lines) != 2:
            self.add_error("options", _("True/false has exactly two options."))
        data["option_texts"] = [line.lstrip("*").strip() for line in lines]
        data["correct"] = [
            number for number, line in enumerate(lines, start=1) if line.startswith("*")
        ]
        return data
