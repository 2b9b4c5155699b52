import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from lms.models import Institution, Municipality, System, User
from lms.roles import CHAMBER, STAFF, TRAINER

PASSWORD = "Lozinka-za-test-2026"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_user(db):
    """Create a verified user with a complete profile (or not)."""

    def make(
        email="ana@example.org",
        first_name="Ана",
        last_name="Анић",
        role=None,
        complete=True,
        licence_number="",
        **profile_fields,
    ):
        user = User.objects.create_user(
            email=email, password=PASSWORD, first_name=first_name, last_name=last_name
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if role:
            user.groups.add(Group.objects.get(name=role))
        if complete:
            profile = user.profile
            profile.gender = profile_fields.get("gender", "female")
            profile.system = profile_fields.get(
                "system", System.objects.get(key="social_protection")
            )
            profile.institution = profile_fields.get(
                "institution", Institution.objects.get(name="ЦСР Ниш")
            )
            profile.municipality = profile_fields.get(
                "municipality",
                Municipality.objects.local_self_government_units().get(name="Ниш"),
            )
            profile.job_title = "социјална радница"
            profile.licence_number = licence_number
            profile.completed_at = timezone.now()
            profile.save()
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def participant(make_user):
    return make_user()


@pytest.fixture
def trainer(make_user):
    return make_user(email="trener@example.org", first_name="Тодор", role=TRAINER)


@pytest.fixture
def staff_user(make_user):
    return make_user(email="osoblje@example.org", first_name="Сања", role=STAFF)


@pytest.fixture
def chamber_user(make_user):
    return make_user(email="komora@example.org", first_name="Нада", role=CHAMBER)


@pytest.fixture
def home_page(db):
    from lms.demo import _home_page

    return _home_page()


def pytest_collection_modifyitems(items):
    """Transactional tests restore the migrated data (Wagtail's root page, the
    default site, reference data) before they run.

    A transactional test empties every table when it ends, so without this the
    next one finds no root page to build on.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction"):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


_serialized_contents: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the serialized migrated data for ``serialized_rollback``.

    Django keeps it on the connection object, which a browser test (Playwright
    runs an event loop in the main thread) may leave replaced by a new one.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            _serialized_contents[alias] = contents


def _reattach_serialized_contents() -> None:
    if not _serialized_contents:
        return
    from django.db import connections

    for alias, contents in _serialized_contents.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _reattach_serialized_contents()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    # The flush after a transactional test must know, too, or it re-runs the
    # post-migrate handlers and the restore then collides with what they made.
    _reattach_serialized_contents()
