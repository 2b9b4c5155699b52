"""Starting an activity run."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import ActivityContent, ChainOrder
from events.selectors import trainings_for_trainer


class RunForm(forms.Form):
    content = forms.ModelChoiceField(
        label=_("Activity"), queryset=ActivityContent.objects.order_by("kind", "title")
    )
    training = forms.ModelChoiceField(
        label=_("Training"), queryset=None, required=False
    )
    moderated = forms.BooleanField(
        label=_("I approve words and images before the projector shows them"),
        required=False,
        initial=True,
    )
    chain_order = forms.ChoiceField(
        label=_("Broken telephone: order of the chain"),
        choices=ChainOrder.choices,
        initial=ChainOrder.RANDOM,
        widget=forms.RadioSelect,
    )
    read_seconds = forms.IntegerField(
        label=_("Broken telephone: seconds to read the previous version"),
        min_value=3,
        max_value=300,
        initial=20,
    )
    write_seconds = forms.IntegerField(
        label=_("Broken telephone: seconds to write one's own version"),
        min_value=10,
        max_value=900,
        initial=120,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        recent = timezone.now() - timedelta(days=60)
        self.fields["training"].queryset = (
            trainings_for_trainer(user).filter(end__gte=recent).order_by("start")
        )
