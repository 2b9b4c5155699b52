"""The Centre's roles for referrals, declared into the core's role registry."""

from lms.roles import STAFF

CASE_WORKER = "Водитељи случајева Центра"
HEAD = "Руководство Центра"

# Both Centre roles handle referrals; only the head reads the audit log.
ROLE_PERMISSIONS = {
    CASE_WORKER: {
        "referrals.handle_referrals",
        "referrals.view_impact",
        "referrals.view_exact_impact",
    },
    HEAD: {
        "referrals.handle_referrals",
        "referrals.view_referral_audit",
        "referrals.view_impact",
        "referrals.view_exact_impact",
    },
    # The Centre's own staff see exact counts, never a referral.
    STAFF: {"referrals.view_impact", "referrals.view_exact_impact"},
    # The Chamber keeps its one core permission (lms.view_chamber_exports),
    # which also opens the impact counts, small numbers suppressed.
}
