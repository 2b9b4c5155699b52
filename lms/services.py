"""State changes of the core: profiles, institutions, personal data, accounts."""

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from lms.models import AccountDeletionVia, Institution, Profile, User
from lms.registry import personal_data_exporters
from lms.text import search_key

logger = logging.getLogger(__name__)


def institution_resolve(*, name: str, system=None, municipality=None) -> Institution:
    """The institution called ``name`` (in either script), created if it is new.

    A new institution is left unconfirmed for staff to confirm or merge.
    """
    name = " ".join(name.split())
    key = search_key(name)
    existing = Institution.objects.filter(search_key=key).order_by("-confirmed", "id")
    if institution := existing.first():
        return institution
    institution, _created = Institution.objects.get_or_create(
        name=name,
        defaults={"system": system, "municipality": municipality, "confirmed": False},
    )
    return institution


@transaction.atomic
def profile_update(
    *, user: User, first_name: str, last_name: str, profile_data: dict[str, Any]
) -> Profile:
    """Save a person's names and profile; the first save marks it complete."""
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    for field, value in profile_data.items():
        setattr(profile, field, value)
    if profile.completed_at is None:
        profile.completed_at = timezone.now()
    profile.full_clean()
    profile.save()
    return profile


def institution_merge(*, source: Institution, target: Institution) -> int:
    """Move everyone from ``source`` to ``target`` and delete ``source``."""
    with transaction.atomic():
        moved = Profile.objects.filter(institution=source).update(institution=target)
        if not target.confirmed:
            target.confirmed = True
            target.save(update_fields=["confirmed"])
        source.delete()
    return moved


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as JSON-ready data."""
    profile = getattr(user, "profile", None)
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in user.emailaddress_set.all()
            ],
        },
        "profile": None,
        "exported_at": timezone.now().isoformat(),
    }
    if profile:
        data["profile"] = {
            "gender": profile.gender,
            "system": profile.system.name if profile.system else None,
            "institution": profile.institution.name if profile.institution else None,
            "municipality": profile.municipality.name if profile.municipality else None,
            "district": profile.district.name if profile.district else None,
            "job_title": profile.job_title,
            "licence_number": profile.licence_number,
            "preferred_script": profile.preferred_script,
            "completed_at": (
                profile.completed_at.isoformat() if profile.completed_at else None
            ),
        }
    for key, exporter in personal_data_exporters.items():
        data[key] = exporter(user)
    return data


@transaction.atomic
def account_delete(*, user: User, actor: User | None = None) -> None:
    """Delete an account, by the person or (``actor``) by staff.

    Domain apps first anonymise what must be kept, and an audit row is written
    (``lms.signals.user_deleting``, so the admin's delete does the same).
    """
    by_self = actor is None or actor.pk == user.pk
    user._deleted_via = AccountDeletionVia.SELF if by_self else AccountDeletionVia.STAFF
    user._deleted_by = None if by_self else actor
    logger.info(
        "Account %s deleted %s",
        user.pk,
        "at the owner's request" if by_self else f"by {actor.pk}",
    )
    user.delete()
