"""Wagtail admin views the project adjusts."""

from wagtail.admin.views.pages.create import CreateView


class PageCreateView(CreateView):
    """Wagtail's "add page" view without autosave.

    Wagtail 8 autosaves the create form: the first autosave (500 ms after the
    first keystroke) creates the page as a draft under its parent, with the
    slug made from the title. An editor who leaves that screen without saving
    leaves the draft behind, and the next attempt with the same title fails on
    publishing with "slug already in use" (issue 15). Without autosave a page
    exists only once the editor saves or publishes it; autosave stays on in
    the edit view, where the page already exists.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["autosave_enabled"] = False
        context.pop("autosave_indicator", None)
        return context
