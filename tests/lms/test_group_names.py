"""lms.roles.group_names: one query per request, never a stale answer."""

from django.contrib.auth.models import Group

from lms.roles import PARTICIPANT, STAFF, group_names


def test_group_names_are_read_once_and_forgotten_when_groups_change(
    participant, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert group_names(participant) == {PARTICIPANT}
        assert group_names(participant) == {PARTICIPANT}

    participant.groups.add(Group.objects.get(name=STAFF))
    assert group_names(participant) == {PARTICIPANT, STAFF}

    participant.groups.clear()
    assert group_names(participant) == frozenset()


def test_anonymous_visitors_have_no_groups():
    from django.contrib.auth.models import AnonymousUser

    assert group_names(AnonymousUser()) == frozenset()
