"""Language and script selection, Latin transliteration, profile completion."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from lms.text import html_to_latin

LATIN = "sr-latn"
SUPPORTED = {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    """The language from the switcher's cookie; Serbian Cyrillic otherwise.

    The browser's Accept-Language is deliberately ignored: the platform is
    Serbian first, and a phone set to English should still get Serbian until
    its owner chooses otherwise.
    """
    return language_from_cookies(request.COOKIES)


def language_from_cookies(cookies: dict) -> str:
    code = cookies.get(settings.LANGUAGE_COOKIE_NAME, "").lower()
    return code if code in SUPPORTED else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the chosen language; Serbian Latin renders from Serbian Cyrillic."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = chosen_language(request)
        request.LANGUAGE_CODE = code
        # English readers get the interface in English and the content (titles,
        # programmes, written in Serbian Cyrillic) in Latin letters they can read.
        request.script = "latn" if code in (LATIN, "en") else "cyrl"
        translation.activate("sr" if code == LATIN else code)
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", code)
        return response


class LatinScriptMiddleware:
    """Transliterate HTML responses to Serbian Latin when that script is chosen."""

    # The Wagtail admin is included: a Latin reader gets the admin in Latin
    # letters too (form values, scripts and textareas are left as they are,
    # so what an editor saves stays in Cyrillic).
    EXCLUDED_PREFIXES = ("/django-admin/", "/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "script", "cyrl") == "latn"
            and not request.path.startswith(self.EXCLUDED_PREFIXES)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Encoding")
        ):
            charset = response.charset or "utf-8"
            html = response.content.decode(charset)
            response.content = html_to_latin(html).encode(charset)
            if response.has_header("Content-Length"):
                response.headers["Content-Length"] = str(len(response.content))
        return response


class ProfileCompletionMiddleware:
    """Ask a logged-in person for their profile once, before anything else."""

    EXEMPT_PREFIXES = (
        "/accounts/",
        "/profile/",
        "/api/",
        "/i18n/",
        "/static/",
        "/media/",
        "/admin/",
        "/django-admin/",
        "/dev/",
        "/healthz",
        "/verify/",
        "/account/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and request.user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and not request.headers.get("x-requested-with")
            and not profile_is_complete(request.user)
        ):
            url = reverse("profile_edit")
            if url_has_allowed_host_and_scheme(request.get_full_path(), None):
                # Encoded, so a query string with "&" reaches the profile whole.
                query = QueryDict(mutable=True)
                query["next"] = request.get_full_path()
                url += "?" + query.urlencode(safe="/")
            return redirect(url)
        return self.get_response(request)


class AdminAccessMiddleware:
    """Show the 403 page to logged-in people who may not use the Wagtail admin.

    Wagtail sends them to the log-in page, and allauth sends a logged-in person
    straight back to where they were going: a redirect loop the browser gives
    up on.
    """

    PREFIX = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(self.PREFIX)
            and request.user.is_authenticated
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            raise PermissionDenied
        return self.get_response(request)


def profile_is_complete(user) -> bool:
    profile = getattr(user, "profile", None)
    return bool(profile and profile.is_complete)
