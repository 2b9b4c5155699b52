"""The platform's roles as Django groups with permissions.

``roles_sync`` is idempotent: it runs after every ``migrate`` and from the
``sync_roles`` command, and adds the permissions that later apps declare.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

PARTICIPANT = "Учесници"
TRAINER = "Тренери"
STAFF = "Особље Центра"
CHAMBER = "Комора социјалне заштите"

ROLE_LABELS = {
    PARTICIPANT: _("participant"),
    TRAINER: _("trainer"),
    STAFF: _("centre staff / editor"),
    CHAMBER: _("Chamber viewer"),
}

COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

# Permissions by "app_label.codename". Domain apps add theirs through
# ``register_role_permissions`` from their AppConfig.ready().
ROLE_PERMISSIONS: dict[str, set[str]] = {
    PARTICIPANT: set(),
    TRAINER: {"lms.access_staff_area", "lms.run_trainings"},
    STAFF: {
        "wagtailadmin.access_admin",
        "lms.access_staff_area",
        "lms.view_all_data",
        "lms.run_trainings",
        "lms.issue_certificates",
        "lms.view_chamber_exports",
        "lms.view_profile",
        "lms.add_institution",
        "lms.change_institution",
        "lms.delete_institution",
        "lms.view_institution",
        "lms.view_municipality",
        "lms.view_district",
        "lms.view_system",
        *COLLECTION_PERMISSIONS,
    },
    CHAMBER: {"lms.view_chamber_exports"},
}
# Staff edit every page of the site.
STAFF_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]


def group_names(user) -> frozenset[str]:
    """The names of ``user``'s groups, read once per request.

    Cached on the user object (one per request), so the MFA rule, the account
    menu and the referral checks of one request share a single query.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_lms_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._lms_group_names = cached
    return cached


def register_role_permissions(role: str, permissions: set[str]) -> None:
    ROLE_PERMISSIONS.setdefault(role, set()).update(permissions)


def _permission(label: str) -> Permission | None:
    app_label, codename = label.split(".", 1)
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create the role groups and give them their permissions (idempotent)."""
    groups = {}
    for name, labels in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [p for p in map(_permission, sorted(labels)) if p]
        group.permissions.add(*permissions)
        groups[name] = group
    _grant_page_permissions(groups[STAFF])
    return groups


def _grant_page_permissions(group: Group) -> None:
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for codename in STAFF_PAGE_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )
    from wagtail.models import Collection, GroupCollectionPermission

    collection = Collection.get_first_root_node()
    if collection is None:
        return
    for label in COLLECTION_PERMISSIONS:
        permission = _permission(label)
        if permission:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
