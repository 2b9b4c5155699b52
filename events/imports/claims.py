"""A person who signs up takes over the record a paper sheet left for them.

People imported without an e-mail address have an account with a placeholder
address (``…@paper.invalid``) holding their licence number. When someone with
a real address records the same licence number in their profile (the profile
completion step, or later), the registrations, check-ins and points of that
record move to them, and other apps move what they hold (certificates) on the
``participant_claimed`` signal. This runs when a profile is saved, when an
address is confirmed and when a password is set through an e-mailed link
(``events.signals``).

People imported with an e-mail address already have their account, holding
their trainings, points and certificates. When they sign up with that address,
the sign-up page answers as for anyone (no enumeration) and the e-mail brings
them a link to set its password (``lms.adapters.AccountAdapter.
send_account_already_exists_mail``); the link proves the address, so it counts
as confirmed.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

from events.imports.services import PAPER_DOMAIN
from events.models import Registration
from lms.models import Profile, User

logger = logging.getLogger(__name__)

# Sent with ``user`` (who claimed) and ``placeholder`` (the paper record).
participant_claimed = Signal()

PLACEHOLDER_DOMAIN = f"@{PAPER_DOMAIN}"
_PROFILE_FIELDS = ("gender", "system_id", "institution_id", "municipality_id")


def _is_placeholder(user: User) -> bool:
    return user.email.endswith(PLACEHOLDER_DOMAIN)


def _registrations_move(*, placeholder: User, user: User) -> int:
    """Move the placeholder's registrations, except a training the person has."""
    taken = set(
        Registration.objects.active()
        .filter(user=user)
        .values_list("training_id", flat=True)
    )
    moving = Registration.objects.filter(user=placeholder).exclude(
        training_id__in=taken
    )
    return moving.update(user=user)


def _profile_blanks_fill(*, placeholder: User, user: User) -> None:
    """What the sheet said fills only what the person left empty."""
    source = Profile.objects.filter(user=placeholder).first()
    own = Profile.objects.filter(user=user).first()
    if source is None or own is None:
        return
    blanks = {
        name: getattr(source, name)
        for name in _PROFILE_FIELDS
        if getattr(source, name) and not getattr(own, name)
    }
    if blanks:  # an update, not save(): no second round of this signal
        Profile.objects.filter(pk=own.pk).update(**blanks)


def paper_records_claim(*, user: User) -> int:
    """Give ``user`` the paper records with their licence number; how many."""
    licence = (
        Profile.objects.filter(user=user).values_list("licence_number", flat=True)
    ).first()
    if not licence or _is_placeholder(user) or user.email.endswith(".invalid"):
        return 0
    placeholders = User.objects.filter(
        profile__licence_number=licence, email__endswith=PLACEHOLDER_DOMAIN
    ).exclude(pk=user.pk)
    claimed = 0
    with transaction.atomic():
        for placeholder in placeholders.select_for_update():
            moved = _registrations_move(placeholder=placeholder, user=user)
            _profile_blanks_fill(placeholder=placeholder, user=user)
            participant_claimed.send(sender=User, user=user, placeholder=placeholder)
            logger.info(
                "user %s claimed paper record %s (%s registrations)",
                user.pk,
                placeholder.pk,
                moved,
            )
            if not Registration.objects.filter(user=placeholder).exists():
                placeholder.delete()
            claimed += 1
    return claimed
