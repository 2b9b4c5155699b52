from django.conf import settings

from lms.permissions import outbox_reader

HTML_LANG = {"sr": "sr-Cyrl", "sr-latn": "sr-Latn", "en": "en"}


def site(request):
    code = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    user = getattr(request, "user", None)
    return {
        "html_lang": HTML_LANG.get(code, "sr-Cyrl"),
        "current_language": code,
        "outbox_enabled": settings.OUTBOX_ENABLED,
        "outbox_readable": settings.OUTBOX_ENABLED and outbox_reader(user),
    }
