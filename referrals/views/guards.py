"""Access guards for referral views: role, then a second factor (MFA)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from referrals import access


def _mfa_redirect(request):
    messages.warning(
        request,
        _(
            "Case workers must protect their account with a second factor "
            "(an authenticator app) before they can open referrals."
        ),
    )
    return redirect("mfa_activate_totp")


def login_with_mfa_for_centre(view):
    """Logged in; a case worker without a second factor is sent to set one up."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access.is_case_worker(request.user) and not access.mfa_satisfied(
            request.user
        ):
            return _mfa_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


def case_worker_required(view):
    """The Centre's case workers (or head) only, with a second factor."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.is_case_worker(request.user):
            raise PermissionDenied
        if not access.mfa_satisfied(request.user):
            return _mfa_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


def head_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.is_head(request.user):
            raise PermissionDenied
        if not access.mfa_satisfied(request.user):
            return _mfa_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped
