"""Regression pass over what the review found holding: who may open which page.

Anonymous visitors are sent to log in; logged-in people without the role get
403; the role gets the page. Object-level rules for trainers (whose training)
are guarded in the apps' own tests.
"""

import pytest

from tests.security.conftest import ROLES

LOGIN, DENIED, OK = "login", 403, 200
# path: expected outcome per role, in the order of ROLES
# (anonymous, participant, trainer, chamber, staff).
MATRIX = {
    "/admin/": (LOGIN, DENIED, DENIED, DENIED, OK),
    "/dev/outbox/": (LOGIN, DENIED, DENIED, DENIED, OK),
    "/obuke/komora/": (LOGIN, DENIED, DENIED, OK, OK),
    "/obuke/{training}/komora/": (LOGIN, DENIED, DENIED, OK, OK),
    "/obuke/{training}/komora/attendance/": (LOGIN, DENIED, DENIED, None, None),
    "/obuke/statistika/": (LOGIN, DENIED, DENIED, DENIED, OK),
    "/obuke/evaluacije/": (LOGIN, DENIED, OK, DENIED, OK),
    "/obuke/{training}/registracije/": (LOGIN, DENIED, None, DENIED, OK),
    "/obuke/{training}/prijem/": (LOGIN, DENIED, None, DENIED, OK),
    "/obuke/{training}/uverenja/": (LOGIN, DENIED, None, DENIED, OK),
    "/uzivo/sesije/": (LOGIN, DENIED, OK, DENIED, OK),
    "/uzivo/nova/": (LOGIN, DENIED, OK, DENIED, OK),
    "/kursevi-napredak/": (LOGIN, DENIED, DENIED, DENIED, OK),
    "/studije-slucaja-statistika/": (LOGIN, DENIED, OK, DENIED, OK),
    "/account/data/": (LOGIN, OK, OK, OK, OK),
}
CASES = [
    pytest.param(path, role, expected, id=f"{role}:{path}")
    for path, outcomes in MATRIX.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
    if expected is not None  # decided per object, not per role
]


@pytest.fixture
def accredited_training(make_training):
    return make_training(days=-1, accreditation_number="153-02-00123/2025-01")


@pytest.mark.parametrize(("path", "role", "expected"), CASES)
def test_who_may_open_which_staff_page(
    client, people_by_role, accredited_training, path, role, expected
):
    person = people_by_role[role]
    if person:
        client.force_login(person)

    response = client.get(path.format(training=accredited_training.pk))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected
