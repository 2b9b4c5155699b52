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

    def send_account_already_exists_mail(self, email: str) -> None:
        """Signing up with the address of an account the Centre made (from a
        participant list, a walk-in) is how the person claims it: they get a
        link to set its password instead of "you already have an account".

        The answer on the page stays the same either way (no enumeration);
        only the owner of the address reads the link.
        """
        user = waiting_account(email)
        if user is None:
            super().send_account_already_exists_mail(email)
            return
        self.send_mail(
            "account/email/account_waiting",
            email,
            {"email": email, "password_set_url": self._password_set_url(user)},
        )

    def _password_set_url(self, user) -> str:
        from allauth.account import app_settings
        from allauth.account.utils import user_pk_to_url_str

        token = app_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
        return self.get_reset_password_from_key_url(
            f"{user_pk_to_url_str(user)}-{token}"
        )

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


def waiting_account(email: str):
    """The account the Centre made for this address and nobody has used yet
    (no password set, never logged in), or None."""
    from lms.models import User

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or user.has_usable_password() or user.last_login is not None:
        return None
    return user


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
