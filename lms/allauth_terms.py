"""allauth messages whose wording the platform translates itself.

allauth's own Serbian catalogue calls signing up „регистрација“ (a word the
platform keeps for registering for a training) and has a typo or two. Marking
the msgids here keeps them in ``locale/sr`` across ``makemessages``, and the
project catalogue takes precedence over allauth's.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Sign Up"),
    gettext_noop("Signup"),
    gettext_noop("Sign In"),
    gettext_noop(
        "If you have not created an account yet, then please "
        "%(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("Sign-In Code"),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
]
