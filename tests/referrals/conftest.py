import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lms.models import Municipality
from referrals import services
from referrals.roles import CASE_WORKER, HEAD

DESCRIPTION = "Девојчица из суседства не иде у школу и ради ноћу у кафићу"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.REFERRALS_PRIVATE_ROOT = tmp_path / "private"
    settings.REFERRALS_KEYS = ""
    settings.REFERRALS_REQUIRE_MFA = False


@pytest.fixture
def referrer(make_user):
    return make_user(email="prijavilac@example.org", first_name="Петар")


@pytest.fixture
def case_worker(make_user):
    return make_user(
        email="savetnica@example.org", first_name="Ивана", role=CASE_WORKER
    )


@pytest.fixture
def head(make_user):
    return make_user(email="direktorka@example.org", first_name="Ана", role=HEAD)


@pytest.fixture
def other_participant(make_user):
    return make_user(email="druga@example.org", first_name="Мира")


@pytest.fixture
def place(db):
    return Municipality.objects.local_self_government_units().get(name="Ниш")


@pytest.fixture
def draft(referrer, place):
    return services.referral_create_draft(
        referrer=referrer,
        municipality=place,
        age_group="child",
        description=DESCRIPTION,
        actions_taken="Обавештен ЦСР",
        contact_details="+381 60 123 4567",
    )


@pytest.fixture
def sent(draft, referrer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.referral_send(referral=draft, actor=referrer)


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("nalaz-ime-prezime.pdf", PDF, "application/pdf")


@pytest.fixture
def demo(db):
    """The whole demo, loaded twice (it is idempotent): the impact figures."""
    for _ in range(2):
        call_command("load_demo", stdout=io.StringIO())
