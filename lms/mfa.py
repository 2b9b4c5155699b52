"""Multi-factor authentication for the roles that see everyone's data.

django-allauth's ``allauth.mfa`` provides the authenticator app (TOTP) and
recovery codes, the set-up pages under ``/accounts/2fa/`` and the code prompt
at log-in. This module decides who must have it: ``MFA_REQUIRED_FOR_ROLES``
names role keys (``staff``, ``chamber``, ``trainer``, and the keys domain apps
add with ``register_mfa_role``: the referrals app adds ``case_worker`` and
``centre_head``); production requires it of staff, the Chamber viewer and the
Centre's case workers and head, the embedded default and the tests of nobody.

A person of such a role without an authenticator is sent to the set-up page
from every page except the account pages themselves, so no admin, staff page
or Chamber export is reached with a password alone.
"""

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.roles import CHAMBER, STAFF, TRAINER, group_names

# What each role key means, by group or by the permissions the role carries
# (so a person given the permissions directly counts too).
ROLE_TESTS = {
    "staff": lambda user, groups: (
        user.is_superuser
        or user.is_staff
        or STAFF in groups
        or user.has_perm("wagtailadmin.access_admin")
        or user.has_perm("lms.view_all_data")
    ),
    "chamber": lambda user, groups: (
        CHAMBER in groups or user.has_perm("lms.view_chamber_exports")
    ),
    "trainer": lambda user, groups: (
        TRAINER in groups or user.has_perm("lms.run_trainings")
    ),
}


def register_mfa_role(key: str, test: Callable[[Any, set[str]], bool]) -> None:
    """A domain app's role that ``MFA_REQUIRED_FOR_ROLES`` may name.

    ``test(user, group_names)`` says whether ``user`` holds the role.
    """
    ROLE_TESTS[key] = test


# Kinds of authenticator that count as a second factor (recovery codes alone
# are a fallback, not a factor).
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def mfa_required(user) -> bool:
    """Whether ``user``'s role must log in with a second factor."""
    roles = getattr(settings, "MFA_REQUIRED_FOR_ROLES", [])
    if not roles or not user.is_authenticated:
        return False
    groups = group_names(user)
    return any(ROLE_TESTS[key](user, groups) for key in roles if key in ROLE_TESTS)


def mfa_missing(user) -> bool:
    """Whether ``user`` must have MFA and has not set it up yet."""
    return mfa_required(user) and not is_mfa_enabled(user, SECOND_FACTORS)


class MFARequiredMiddleware:
    """Send role-holders without MFA to set it up; one log-in page for all.

    Wagtail's and Django's admin log-in pages take a bare password and would
    skip allauth's code prompt, so they lead to allauth's log-in instead.
    """

    EXEMPT_PREFIXES = (
        "/accounts/",
        "/static/",
        "/media/",
        "/i18n/",
        "/healthz",
        "/.well-known/",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self.password_only_logins = None

    def __call__(self, request):
        if request.path in self._password_only_logins() and (
            request.method == "POST" or not request.user.is_authenticated
        ):
            # A logged-in person without admin rights may still be shown the
            # admin's "not authorised" page (sending them to allauth's log-in
            # would send them straight back: a redirect loop).
            return self._to_allauth_login(request)
        if (
            request.user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and mfa_missing(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Your role gives access to personal data, so your account "
                    "needs two-factor authentication. Set up an authenticator "
                    "app on your phone to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _password_only_logins(self) -> set[str]:
        if self.password_only_logins is None:
            self.password_only_logins = {
                reverse("wagtailadmin_login"),
                reverse("admin:login"),
            }
        return self.password_only_logins

    @staticmethod
    def _to_allauth_login(request) -> HttpResponseRedirect:
        url = reverse("account_login")
        next_url = request.GET.get(REDIRECT_FIELD_NAME)
        if next_url:
            query = QueryDict(mutable=True)
            query[REDIRECT_FIELD_NAME] = next_url
            url += "?" + query.urlencode(safe="/")
        return HttpResponseRedirect(url)
