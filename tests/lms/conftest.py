import pytest

from lms.models import Municipality, System
from lms.registry import account_deletion_handlers, register_account_deletion


@pytest.fixture
def newcomer(make_user):
    """A verified person who has not filled in the profile yet."""
    return make_user(
        email="jovana@example.org", first_name="", last_name="", complete=False
    )


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer)
    return client


@pytest.fixture
def participant_client(client, participant):
    client.force_login(participant)
    return client


@pytest.fixture
def nis(db):
    return Municipality.objects.local_self_government_units().get(name="Ниш")


@pytest.fixture
def profile_form_data(nis):
    """What a social worker from Niš types into the profile form."""
    return {
        "first_name": "Јована",
        "last_name": "Јовић",
        "gender": "female",
        "system": System.objects.get(key="social_protection").pk,
        "institution_name": "ЦСР Ниш",
        "municipality": nis.pk,
        "job_title": "социјална радница",
        "licence_number": "",
        "preferred_script": "cyrl",
    }


@pytest.fixture
def deletion_handler_calls():
    """Register an account-deletion handler (as a domain app would) for one test.

    Each call records the user's id and whether the account still existed when
    the handler ran.
    """
    from lms.models import User

    calls = []

    def handler(user):
        calls.append((user.pk, User.objects.filter(pk=user.pk).exists()))

    register_account_deletion(handler)
    yield calls
    account_deletion_handlers.remove(handler)
