from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

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
