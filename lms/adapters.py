from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from lms.middleware import profile_is_complete
from lms.net import client_ip
from lms.text import html_to_latin, to_latin


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """Login, sign-up and reset rate limits count per person, not per proxy.

        allauth's own reading of X-Forwarded-For answers a 500 when the header
        is shorter than its trusted count; ``lms.net`` never fails.
        """
        return client_ip(request)

    def get_login_redirect_url(self, request):
        if not profile_is_complete(request.user):
            return reverse("profile_edit")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """Sign account e-mails with the site's name, not the host and port
        ("Thank you for using 127.0.0.1:8100!") that allauth falls back to
        without django.contrib.sites; links (confirmation, password reset)
        point at the configured SITE_URL, as in every other e-mail."""
        context = {
            **{
                key: _on_site_url(self.request, value) for key, value in context.items()
            },
            "current_site": site_identity(self.request),
        }
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        """Account e-mails follow the script the person reads the site in."""
        message = super().render_mail(template_prefix, email, context, headers)
        if getattr(self.request, "script", "cyrl") == "latn":
            message.subject = to_latin(message.subject)
            message.body = to_latin(message.body)
            message.alternatives = [
                (html_to_latin(content), mimetype)
                if mimetype == "text/html"
                else (content, mimetype)
                for content, mimetype in getattr(message, "alternatives", [])
            ]
        return message


def site_identity(request) -> SimpleNamespace:
    """The name and address people know the platform by: the Wagtail site's
    name and the configured SITE_URL."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    name = (site.site_name if site else "") or _("Trainings of the Centre")
    return SimpleNamespace(name=name, domain=urlsplit(settings.SITE_URL).netloc)


def _on_site_url(request, value):
    """An absolute link built from the request, moved onto SITE_URL."""
    if request is None or not isinstance(value, str):
        return value
    here = request.build_absolute_uri("/")
    if value.startswith(here):
        return settings.SITE_URL.rstrip("/") + "/" + value[len(here) :]
    return value
