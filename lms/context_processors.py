from django.conf import settings

from lms import registry
from lms.permissions import outbox_reader

HTML_LANG = {"sr": "sr-Cyrl", "sr-latn": "sr-Latn", "en": "en"}


def site(request):
    code = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    user = getattr(request, "user", None)
    return {
        "html_lang": HTML_LANG.get(code, "sr-Cyrl"),
        "current_language": code,
        "outbox_enabled": settings.OUTBOX_ENABLED,
        # Called by the template only where it is used (no permission query
        # for fragments rendered without the banner).
        "outbox_readable": lambda: settings.OUTBOX_ENABLED and outbox_reader(user),
        # Links domain apps add to the account menu (queried only when shown).
        "account_links": lambda: registry.account_links_for(request),
    }
