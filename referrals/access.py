"""Who may see what: object-level rules for referrals, in one place.

Role membership is checked explicitly (groups), not ``has_perm``: a superuser
is not a case worker unless the Centre made them one.
"""

from django.conf import settings

from lms.roles import group_names
from referrals.models import Referral
from referrals.roles import CASE_WORKER, HEAD


def _in_groups(user, *names: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return not group_names(user).isdisjoint(names)


def is_case_worker(user) -> bool:
    return _in_groups(user, CASE_WORKER, HEAD)


def is_head(user) -> bool:
    return _in_groups(user, HEAD)


def has_mfa(user) -> bool:
    """Whether the user has a second factor (TOTP or a security key)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user,
        type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
    ).exists()


def mfa_satisfied(user) -> bool:
    """The referral views' own check, on top of the site-wide middleware
    (``lms.mfa``, which covers these roles when ``MFA_REQUIRED_FOR_ROLES``
    names ``case_worker`` / ``centre_head``)."""
    from lms.mfa import mfa_required

    required = settings.REFERRALS_REQUIRE_MFA or mfa_required(user)
    return not required or has_mfa(user)


def can_read(user, referral: Referral) -> bool:
    if not user.is_authenticated:
        return False
    if referral.referrer_id == user.pk:
        return True
    return not referral.is_draft and is_case_worker(user)


def can_edit_draft(user, referral: Referral) -> bool:
    return referral.is_draft and referral.referrer_id == user.pk


def can_see_exact_figures(user) -> bool:
    return user.has_perm("referrals.view_exact_impact")


def can_see_figures(user) -> bool:
    """Counts only: the Centre, its staff and the Chamber viewer."""
    return user.has_perm("referrals.view_impact") or user.has_perm(
        "lms.view_chamber_exports"
    )
