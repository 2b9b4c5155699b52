from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from lms.middleware import profile_is_complete


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if not profile_is_complete(request.user):
            return reverse("profile_edit")
        return super().get_login_redirect_url(request)
