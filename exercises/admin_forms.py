"""The screening rule's form in the admin: marking a rule default switches to it."""

from wagtail.admin.forms import WagtailAdminModelForm


class ScreeningRuleForm(WagtailAdminModelForm):
    def save(self, commit=True):
        if commit and self.cleaned_data.get("is_default"):
            from exercises.services import screening_rule_default_switch

            # The previous default steps down first (one default at a time).
            screening_rule_default_switch(rule=self.instance)
        return super().save(commit=commit)
