from django.conf import settings

HTML_LANG = {"sr": "sr-Cyrl", "sr-latn": "sr-Latn", "en": "en"}


def site(request):
    code = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return {
        "html_lang": HTML_LANG.get(code, "sr-Cyrl"),
        "current_language": code,
        "outbox_enabled": settings.OUTBOX_ENABLED,
    }
