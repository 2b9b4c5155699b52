"""Signed links to a registration's consent page (e-mail and My trainings).

The link carries the registration's id signed with the site's secret, so the
person needs no password (people added by staff or imported often have none).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from events.models import Registration

SALT = "events.consent"
# Long enough for a list imported weeks before the training and the Chamber
# report after it; a stale link can be replaced from My trainings.
MAX_AGE = 180 * 24 * 3600


def consent_path(registration: Registration) -> str:
    token = signing.dumps(registration.pk, salt=SALT, compress=True)
    return reverse("events:consent", args=[token])


def consent_url(registration: Registration) -> str:
    return settings.SITE_URL.rstrip("/") + consent_path(registration)


def consent_registration(token: str) -> Registration | None:
    """The registration a link is for, or ``None`` if forged, expired or gone."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.active()
        .select_related("training", "user")
        .filter(pk=pk, user__isnull=False)
        .first()
    )
