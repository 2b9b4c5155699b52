"""Wagtail admin views the project adjusts."""

from django.views.i18n import JavaScriptCatalog
from wagtail.admin.localization import get_localized_response
from wagtail.admin.views.pages.create import CreateView

from lms.text import to_latin


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


class AdminJavaScriptCatalog(JavaScriptCatalog):
    """The admin's JavaScript strings, in Latin letters for Latin readers.

    The admin's HTML is transliterated on the way out like every page
    (lms.middleware.LatinScriptMiddleware); this catalogue is JavaScript, so
    its Serbian strings are transliterated here.
    """

    packages = ["wagtail.admin"]

    def get_catalog(self):
        catalog = super().get_catalog()
        if getattr(self.request, "script", "cyrl") != "latn":
            return catalog
        return {
            key: [to_latin(v) for v in value]
            if isinstance(value, list)
            else to_latin(value)
            for key, value in catalog.items()
        }


def admin_javascript_catalog(request, *args, **kwargs):
    """Wagtail's own wrapper: the catalogue in the editor's admin language."""
    return get_localized_response(
        AdminJavaScriptCatalog.as_view(), request, *args, **kwargs
    )
