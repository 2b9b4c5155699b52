import logging

from allauth.account.signals import password_reset
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_migrate, post_save, pre_delete
from django.dispatch import receiver

from lms.net import client_ip
from lms.roles import PARTICIPANT, roles_sync

# Who logged in, or failed to, from which address (the client's, behind the
# proxies): the trail to read after a suspected break-in. No e-mail address
# or password of a failed attempt is written.
security_log = logging.getLogger("lms.security")


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def user_created(sender, instance, created, raw=False, **kwargs):
    """Every account gets a profile and the participant role."""
    if not created or raw:
        return
    from lms.models import Profile

    Profile.objects.get_or_create(user=instance)
    group = Group.objects.filter(name=PARTICIPANT).first()
    if group:
        instance.groups.add(group)


def group_names_forget(sender, instance, action, **kwargs):
    """A user's groups changed: forget the names ``lms.roles.group_names`` read."""
    if action.startswith("post_") and hasattr(instance, "_lms_group_names"):
        del instance._lms_group_names


@receiver(post_migrate)
def sync_roles_after_migrate(sender, app_config=None, **kwargs):
    # Run once, after the last app has migrated (so every permission exists).
    from django.apps import apps

    last = list(apps.get_app_configs())[-1]
    if app_config is not None and app_config.label == last.label:
        roles_sync()


@receiver(user_logged_in)
def login_logged(sender, request, user, **kwargs):
    security_log.info("login user=%s ip=%s", user.pk, _address(request))


@receiver(user_login_failed)
def login_failure_logged(sender, credentials, request=None, **kwargs):
    security_log.info("login failed ip=%s", _address(request))


def _address(request) -> str:
    return client_ip(request) if request is not None else "-"


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def user_deleting(sender, instance, **kwargs):
    """However an account goes (the person, staff, the admin, a script), the
    domain apps first keep what must be kept, and the deletion is audited.

    Runs inside the deletion's transaction: a failing handler deletes nothing.
    """
    from lms.models import AccountDeletion, AccountDeletionVia
    from lms.registry import account_deletion_handlers

    for handler in account_deletion_handlers:
        handler(instance)
    actor = getattr(instance, "_deleted_by", None)
    AccountDeletion.objects.create(
        account_id=instance.pk,
        via=getattr(instance, "_deleted_via", AccountDeletionVia.OTHER),
        actor=actor if actor is not None and actor.pk != instance.pk else None,
    )


def _connect_contacts_cache() -> None:
    from lms.contacts import centre_contacts_changed
    from lms.models import CentreContacts

    post_save.connect(
        centre_contacts_changed, sender=CentreContacts, dispatch_uid="contacts_cache"
    )


_connect_contacts_cache()


@receiver(password_reset, dispatch_uid="password_reset_verifies_address")
def password_reset_verifies_address(sender, request, user, **kwargs):
    """The reset link reached the account's address: that address is verified.

    It is how a person takes over an account the Centre made for them from a
    participant list (``AccountAdapter.send_account_already_exists_mail``): the
    link proves the address as a confirmation link would, so they can log in.
    """
    from allauth.account.models import EmailAddress

    address, _created = EmailAddress.objects.get_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "primary": True, "verified": True},
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
