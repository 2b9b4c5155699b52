"""Accounts: django-allauth (sign-up, log-in, rate limits), MFA, e-mail senders."""

import os

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# One policy for sign-up, log-in and password reset: no page says whether an
# address has an account. Signing up with a taken address looks like any
# sign-up ("check your e-mail") and the owner gets an e-mail pointing to log-in
# and password reset; a reset for an unknown address tells that address so.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so they are visible and tunable.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Role keys ("staff", "chamber", "trainer") that must set up MFA before they
# reach anything but their account pages (lms/mfa.py). Nobody in the embedded
# default and the tests; production requires it of staff and the Chamber.
MFA_REQUIRED_FOR_ROLES: list[str] = []
MFA_TOTP_ISSUER = "ЦЗЖТЉ обуке"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "ЦЗЖТЉ обуке <obuke@centarzztlj.rs>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
