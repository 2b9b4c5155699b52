"""Roles as groups with permissions; who may open staff pages and the admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import HttpResponse
from django.urls import include, path
from wagtail.models import GroupPagePermission, Page

from lms.permissions import permission_required, staff_required
from lms.roles import CHAMBER, PARTICIPANT, ROLE_PERMISSIONS, STAFF, TRAINER
from tests.helpers import main_text, sr


@staff_required
def staff_page(request):
    return HttpResponse("Страница за особље")


@permission_required("lms.run_trainings", "lms.issue_certificates")
def certificates_page(request):
    return HttpResponse("Издавање потврда")


# A tiny URLconf for the decorator tests, with the site's URLs for the templates.
urlpatterns = [
    path("staff-only/", staff_page),
    path("certificates/", certificates_page),
    path("", include("lms.urls")),
]


def permission_labels(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


@pytest.mark.parametrize("role", [PARTICIPANT, TRAINER, STAFF, CHAMBER])
def test_every_role_is_a_group_with_its_permissions(db, role):
    group = Group.objects.get(name=role)

    assert permission_labels(group) == ROLE_PERMISSIONS[role]


def test_every_permission_a_role_names_exists(db):
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }

    for role, labels in ROLE_PERMISSIONS.items():
        assert labels <= existing, role


def test_the_core_roles_can_do_what_they_are_for(db):
    assert ROLE_PERMISSIONS[PARTICIPANT] == set()
    assert {"lms.access_staff_area", "lms.run_trainings"} <= ROLE_PERMISSIONS[TRAINER]
    assert "wagtailadmin.access_admin" not in ROLE_PERMISSIONS[TRAINER]
    assert {
        "wagtailadmin.access_admin",
        "lms.view_all_data",
        "lms.issue_certificates",
        "lms.change_institution",
    } <= ROLE_PERMISSIONS[STAFF]
    assert ROLE_PERMISSIONS[CHAMBER] == {"lms.view_chamber_exports"}


def test_staff_may_edit_every_page(db):
    root = Page.get_first_root_node()

    granted = set(
        GroupPagePermission.objects.filter(group__name=STAFF, page=root).values_list(
            "permission__codename", flat=True
        )
    )

    assert granted == {"add_page", "change_page", "publish_page", "lock_page"}


def test_everyone_who_signs_up_is_a_participant_and_nothing_more(participant):
    assert list(participant.groups.values_list("name", flat=True)) == [PARTICIPANT]
    assert not participant.has_perm("lms.access_staff_area")
    assert not participant.has_perm("wagtailadmin.access_admin")


@pytest.mark.urls(__name__)
def test_a_staff_page_sends_visitors_to_log_in(client, db):
    response = client.get("/staff-only/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff-only/"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("person", ["participant", "chamber_user"])
def test_a_staff_page_is_forbidden_to_people_without_the_permission(
    client, db, request, person
):
    client.force_login(request.getfixturevalue(person))

    response = client.get("/staff-only/")

    assert response.status_code == 403
    assert sr("Access denied") in main_text(response)
    assert "Страница за особље" not in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("person", ["trainer", "staff_user"])
def test_a_staff_page_opens_for_trainers_and_staff(client, db, request, person):
    client.force_login(request.getfixturevalue(person))

    response = client.get("/staff-only/")

    assert response.status_code == 200
    assert response.content.decode() == "Страница за особље"


@pytest.mark.urls(__name__)
def test_every_listed_permission_is_required(client, trainer, staff_user):
    client.force_login(trainer)
    assert client.get("/certificates/").status_code == 403

    client.force_login(staff_user)
    assert client.get("/certificates/").status_code == 200


def test_the_admin_sends_visitors_to_the_site_log_in(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


@pytest.mark.parametrize("person", ["participant", "trainer", "chamber_user"])
def test_the_admin_is_closed_to_people_without_admin_access(
    client, db, request, person
):
    client.force_login(request.getfixturevalue(person))

    # Followed to the end: a logged-in person must not bounce between the
    # admin and the log-in page (a redirect loop the browser gives up on).
    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert sr("Access denied") in main_text(response)


def test_staff_can_open_the_admin(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert response.templates[0].name.startswith("wagtailadmin/")
