"""The Centre's contacts for every page's footer, without a query per page.

The site setting is read once per host and kept in the shared cache; saving
the setting in the admin bumps a generation number, so every process shows
the new contacts at once.
"""

import logging

from django.core.cache import cache
from wagtail.models import Site

from lms.models import CentreContacts

logger = logging.getLogger(__name__)
GENERATION_KEY = "lms:contacts:generation"
TIMEOUT = 60 * 60


def centre_contacts_for_request(request) -> CentreContacts:
    """The contacts of the site this request is for (cached)."""
    try:
        generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
        key = f"lms:contacts:{generation}:{request.get_host()}"
        contacts = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not fail a page
        logger.warning("contacts cache unavailable; read from the database")
        return _contacts_for_request(request)
    if contacts is None:
        contacts = _contacts_for_request(request)
        try:
            cache.set(key, contacts, timeout=TIMEOUT)
        except Exception:  # noqa: BLE001
            logger.warning("contacts cache unavailable; not kept")
    return contacts


def centre_contacts_changed(**kwargs) -> None:
    """Forget every cached copy (post_save of CentreContacts)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - saving the setting must not fail
        logger.warning("contacts cache unavailable; copies expire within an hour")


def _contacts_for_request(request) -> CentreContacts:
    """One query: the site Wagtail already found for a page, else the default
    site's contacts (the platform serves one site; Wagtail falls back to the
    default site for an unknown host too)."""
    site = getattr(request, "_wagtail_site", None)
    if site is not None:
        return _contacts_for_site(site)
    contacts = CentreContacts.objects.filter(site__is_default_site=True).first()
    return contacts or CentreContacts()


def _contacts_for_site(site: Site | None) -> CentreContacts:
    # Read only: a page view must not write the setting's row (for_request
    # would create it); unsaved defaults until staff save it in the admin.
    if site is None:
        return CentreContacts()
    return CentreContacts.objects.filter(site=site).first() or CentreContacts(site=site)
