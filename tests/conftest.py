import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from lms.models import Institution, Municipality, System, User
from lms.roles import CHAMBER, STAFF, TRAINER

PASSWORD = "Lozinka-za-test-2026"


def pytest_collection_modifyitems(items):
    """Every transactional test starts from the migrated data.

    A transactional test (live server, websockets) ends by emptying the
    database, which removes what migrations put there: reference data, the
    roles, Wagtail's root page. Serialized rollback restores it before each such
    test, whichever ran before.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        fixtures = set(getattr(item, "fixturenames", ()))
        transactional = kwargs.get("transaction") or (
            fixtures & {"transactional_db", "live_server"}
        )
        if transactional and "serialized_rollback" not in kwargs:
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
    # Browser tests last: once Playwright's sync API has started, an event loop
    # stays running in the main thread until the session ends, and every async
    # test after it (websocket consumers) fails with "Runner.run() cannot be
    # called from a running event loop". The sort is stable.
    items.sort(key=_uses_a_browser)


# pytest-playwright's fixtures: using any of them starts Playwright.
_BROWSER_FIXTURES = {
    "playwright",
    "browser_type",
    "launch_browser",
    "browser",
    "new_context",
    "context",
    "page",
}


def _uses_a_browser(item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return (
        bool(_BROWSER_FIXTURES & fixtures) or item.get_closest_marker("e2e") is not None
    )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection object restore the migrated data.

    Once Playwright's sync API runs, an event loop stays current in the main
    thread, so Django keeps its connections in context-local storage and later
    tests get new connection objects without the serialized data that
    ``serialized_rollback`` restores.
    """
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with allauth's rate limits (kept in the cache) unused."""
    cache.clear()


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


@pytest.fixture
def outbox_email(settings):
    """E-mail as the embedded default sends it: printed and kept in the outbox."""
    settings.EMAIL_BACKEND = "lms.mail.OutboxEmailBackend"
    settings.OUTBOX_ENABLED = True
