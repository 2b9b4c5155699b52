"""Sign-in sheets of held trainings: check-ins, points, and paper records claimed."""

import json

import pytest
from django.core.management import call_command

from certificates.services import certificate_issue
from events.imports import participants_parse
from events.imports.services import participants_import
from events.models import Attendance
from lms.models import User

SHEET = (
    "Име;Презиме;Е-пошта;Број лиценце;Установа;Општина;Пол;Облик учешћа;Присуство\n"
    "Марија;Марић;marija@example.org;01-2345;ЦСР Ниш;Ниш;ж;активни;да\n"
    "Зоран;Зорић;;55555;ЦСР Ниш;Ниш;м;пасивни;да\n"
    "Весна;Вуковић;vesna@example.org;;ЦСР Ниш;Ниш;ж;;не\n"
)


@pytest.fixture
def held(make_training):
    return make_training(
        days=-20,
        capacity=2,
        status="held",
        accreditation_number="153-02-00123/2025-01",
        points_passive=4,
        points_active=6,
    )


def run(training, by, text=SHEET, confirm=True):
    rows = participants_parse(name="spisak.csv", data=text.encode("utf-8"))
    return participants_import(training=training, rows=rows, by=by, confirm=confirm)


def test_a_held_trainings_sheet_creates_check_ins_with_licence_points(held, staff_user):
    result = run(held, staff_user)

    assert [row.outcome for row in result.rows] == ["created"] * 3
    checked = held.registrations.filter(checked_in_at__isnull=False)
    assert sorted(r.user.last_name for r in checked) == ["Зорић", "Марић"]
    assert all(r.checked_in_at == held.start for r in checked)
    points = dict(
        Attendance.objects.filter(registration__training=held).values_list(
            "licence_number", "points"
        )
    )
    assert points == {"01-2345": 6, "55555": 4}
    assert held.registrations.get(user__last_name="Вуковић").checked_in_at is None
    # Over the capacity of 2: people on a signed sheet were there, no queue.
    assert held.registrations.filter(status="confirmed").count() == 3


def test_importing_the_held_sheet_again_adds_no_check_in(held, staff_user):
    run(held, staff_user)

    result = run(held, staff_user)

    assert [row.outcome for row in result.rows] == ["duplicate"] * 3
    assert Attendance.objects.filter(registration__training=held).count() == 2


def test_attendance_of_a_future_training_is_not_recorded(make_training, staff_user):
    training = make_training(capacity=5)

    result = run(training, staff_user)

    assert not training.registrations.filter(checked_in_at__isnull=False).exists()
    assert all(row.warnings for row in result.rows if row.outcome == "created")


def test_imported_points_reach_the_certificate(held, staff_user):
    run(held, staff_user)
    registration = held.registrations.get(user__email="marija@example.org")

    certificate = certificate_issue(registration=registration, notify=False)

    assert certificate.points == 6 and certificate.licence_number == "01-2345"


def test_a_paper_record_is_claimed_when_the_person_records_their_licence(
    held, staff_user, make_user
):
    run(held, staff_user)
    paper = held.registrations.get(user__last_name="Зорић")
    certificate = certificate_issue(registration=paper, notify=False)
    placeholder = paper.user
    assert placeholder.email.endswith("@paper.invalid")

    person = make_user(email="zoran@example.org", first_name="Зоран", complete=False)
    profile = person.profile
    profile.licence_number = "55555"
    profile.save()

    paper.refresh_from_db()
    certificate.refresh_from_db()
    assert paper.user == person and paper.checked_in_at is not None
    assert certificate.user == person
    assert not User.objects.filter(pk=placeholder.pk).exists()
    person.profile.refresh_from_db()
    assert person.profile.municipality.name == "Ниш"  # blanks filled from the sheet
    assert Attendance.objects.get(registration=paper).points == 4


def test_a_sign_up_with_another_licence_claims_nothing(held, staff_user, make_user):
    run(held, staff_user)

    make_user(email="drugi@example.org", licence_number="77777")

    assert held.registrations.get(user__last_name="Зорић").user.email.endswith(
        "@paper.invalid"
    )


def test_the_command_previews_without_writing_then_imports(
    held, staff_user, tmp_path, capsys
):
    path = tmp_path / "spisak.csv"
    path.write_text(SHEET + "Марко;;nije-adresa;;;;;;\n", encoding="utf-8")

    by = ("--by", staff_user.email)
    call_command("import_participants", held.slug, str(path), "--json", *by)
    preview = json.loads(capsys.readouterr().out)

    assert not held.registrations.exists()
    assert preview["confirmed"] is False
    assert [(r["row"], r["outcome"]) for r in preview["rows"]] == [
        (2, "created"),
        (3, "created"),
        (4, "created"),
        (5, "error"),
    ]
    assert preview["rows"][3]["reason"]
    assert preview["totals"]["created"] == 3 and preview["totals"]["error"] == 1

    call_command(
        "import_participants", str(held.pk), str(path), "--confirm", "--json", *by
    )
    done = json.loads(capsys.readouterr().out)

    assert done["totals"]["created"] == 3
    assert held.registrations.count() == 3
