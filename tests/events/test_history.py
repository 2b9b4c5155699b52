"""History that does not change: what was counted and reported stays as it was.

Profiles edited later, institutions merged and accounts deleted must not move
the statistics of past trainings or what a Chamber package says.
"""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from certificates.services import certificate_issue
from events.exports.attendance import attendance_counts, attendance_rows
from events.models import Attendance, Registration
from events.stats.series import series_stats
from lms import services as lms_services
from lms.models import AccountDeletion, Institution, Municipality, System, User
from tests.conftest import PASSWORD
from tests.events.eval_helpers import attend, held_training, login
from tests.events.test_stats import this_year
from tests.helpers import sr


def figures_2025() -> dict:
    out = io.StringIO()
    call_command("series_stats", "--year", "2025", "--json", stdout=out)
    return json.loads(out.getvalue())


def package(training) -> dict:
    """A Chamber attendance list by registration, without names and licences."""
    with translation.override("sr"):
        rows = attendance_rows(training=training)
    return {row.registration_id: row.values()[3:] for row in rows}


def _attended_2025():
    return Attendance.objects.filter(
        registration__training__slug__startswith="2025-",
        registration__checked_in_at__isnull=False,
        registration__user__email__startswith="ucesnik2025-",
    ).select_related("registration__user", "registration__training")


def _people_to_delete() -> tuple[list[User], User]:
    """Five licence holders who attended, one the only one of an institution
    (its count would drop if read from profiles), and one no-show."""
    alone = (
        Attendance.objects.filter(registration__training__slug__startswith="2025-")
        .exclude(institution_name="")
        .values("institution_name")
        .annotate(n=Count("pk"))
        .filter(n=1)
        .values_list("institution_name", flat=True)
    )
    licensed = _attended_2025().filter(has_licence=True)
    first = licensed.filter(institution_name__in=list(alone)).first()
    others = licensed.exclude(pk=first.pk).order_by("registration__training__start")
    attendees = [first.registration.user] + [
        a.registration.user for a in others[:: max(1, others.count() // 4)][:4]
    ]
    no_show = (
        Registration.objects.filter(
            training__slug__startswith="2025-",
            checked_in_at__isnull=True,
            user__email__startswith="ucesnik2025-",
        )
        .select_related("user")
        .first()
        .user
    )
    return attendees, no_show


def test_deleting_accounts_leaves_the_2025_figures_as_they_were(db, staff_user):
    call_command("load_demo", stdout=io.StringIO())
    before = figures_2025()
    attendees, no_show = _people_to_delete()
    trainings = {r.training for r in Registration.objects.filter(user__in=attendees)}
    packages = {t.pk: package(t) for t in trainings}
    deleted = [r.pk for r in Registration.objects.filter(user__in=attendees)]

    for user in attendees[:3]:
        lms_services.account_delete(user=user)
    lms_services.account_delete(user=attendees[3], actor=staff_user)
    User.objects.filter(pk=attendees[4].pk).delete()  # as the admin deletes
    lms_services.account_delete(user=no_show)

    after = figures_2025()
    assert not User.objects.filter(pk__in=[u.pk for u in [*attendees, no_show]])
    assert after == before
    assert after["participants"] == 1463
    assert (after["women"], after["men"]) == (1181, 282)
    assert after["licence_point_recipients"] == 609
    assert after["registrations"] == before["registrations"] > 1463
    assert after["institutions"] == before["institutions"]
    assert after["municipalities"] == 110
    assert {t.pk: package(t) for t in trainings} == packages
    with translation.override("sr"):
        rows = [
            row
            for t in trainings
            for row in attendance_rows(training=t)
            if row.registration_id in deleted
        ]
    assert len(rows) == 5
    assert {(r.last_name, r.first_name, r.licence_number) for r in rows} == {
        (sr("(account deleted)"), "", "")
    }
    assert all(r.points for r in rows)  # licence points as they were awarded
    assert AccountDeletion.objects.count() == 6


def test_a_record_does_not_follow_later_profile_changes(
    make_training, make_user, staff_user
):
    training = held_training(make_training, accreditation_number="1/2026")
    person = make_user(email="a@example.org", licence_number="1-1")
    attend(training, person, staff_user, participation_form="active")
    stats = series_stats(**this_year()).as_json()
    rows = package(training)

    profile = person.profile
    profile.gender = "male"
    profile.system = System.objects.get(key="health")
    profile.institution = Institution.objects.create(name="Дом здравља (измишљен)")
    profile.municipality = Municipality.objects.local_self_government_units().get(
        name="Пирот"
    )
    profile.licence_number = ""
    profile.save()

    assert series_stats(**this_year()).as_json() == stats
    assert package(training) == rows
    record = Attendance.objects.get(registration__user=person)
    assert (record.gender, record.system.key, record.institution_name) == (
        "female",
        "social_protection",
        "ЦСР Ниш",
    )
    assert (record.has_licence, record.licence_number, record.points) == (
        True,
        "1-1",
        training.points_active,
    )


def test_merging_institutions_does_not_change_past_counts(
    make_training, make_user, staff_user
):
    training = held_training(make_training)
    other = Institution.objects.create(name="ЦСР Ниш (двапут унет)")
    attend(training, make_user(email="a@example.org"), staff_user)
    attend(training, make_user(email="b@example.org", institution=other), staff_user)
    assert series_stats(**this_year()).institutions == 2

    lms_services.institution_merge(
        source=other, target=Institution.objects.get(name="ЦСР Ниш")
    )

    assert series_stats(**this_year()).institutions == 2


def test_issuing_fixes_a_licence_added_after_the_training(
    make_training, make_user, staff_user
):
    training = held_training(make_training, accreditation_number="1/2026")
    person = make_user(email="a@example.org")
    registration = attend(training, person, staff_user)
    assert series_stats(**this_year()).licence_point_recipients == 0
    profile = person.profile
    profile.licence_number = "12-345"
    profile.save()

    mark_held(training)
    certificate = certificate_issue(registration=registration, notify=False)

    record = Attendance.objects.get(registration=registration)
    assert certificate.points == training.points_passive
    assert (record.has_licence, record.licence_number) == (True, "12-345")
    assert record.points == certificate.points and record.points_fixed_at
    assert series_stats(**this_year()).licence_point_recipients == 1


def mark_held(training) -> None:
    """Certificates are issued once the training is marked as held."""
    training.status = "held"
    training.save()


def chamber_csv(client, training) -> list[list[str]]:
    response = client.get(
        reverse("events:chamber_export_download", args=[training.pk, "attendance_csv"])
    )
    assert response.status_code == 200
    text = io.StringIO(response.content.decode("utf-8-sig"))
    rows = list(csv.reader(text, delimiter=";"))
    return rows[rows.index([]) + 1 :]  # the list, after the training's header


def test_a_deleted_persons_chamber_row_keeps_points_not_identity(
    client, make_training, make_user, staff_user
):
    training = held_training(
        make_training, accreditation_number="1/2026", points_active=5
    )
    person = make_user(
        email="a@example.org", last_name="Обрисанић", licence_number="01-2345"
    )
    stays = make_user(email="b@example.org", last_name="Остајић")
    registration = attend(training, person, staff_user, participation_form="active")
    attend(training, stays, staff_user)
    mark_held(training)
    certificate_issue(registration=registration, notify=False)
    with translation.override("sr"):
        counts = attendance_counts(attendance_rows(training=training))

    lms_services.account_delete(user=person)

    login(client, staff_user)
    rows = chamber_csv(client, training)
    assert len(rows) == 3
    deleted = next(row for row in rows if row[0] == sr("(account deleted)"))
    assert deleted[1:3] == ["", ""]  # no name, no licence number
    assert deleted[3] == "ЦСР Ниш"
    assert deleted[4] == "Систем социјалне заштите"
    assert deleted[6] == sr("active participant")
    assert deleted[7] == "5"
    cells = [cell for row in rows for cell in row]
    assert not any("01-2345" in cell or "Обрисанић" in cell for cell in cells)
    with translation.override("sr"):
        after = attendance_counts(attendance_rows(training=training))
    assert (after.total, after.licence_points) == (counts.total, counts.licence_points)
    assert after.by_system == counts.by_system


def test_exports_show_names_of_systems_and_forms_not_keys(
    client, make_training, make_user, staff_user
):
    training = held_training(make_training, accreditation_number="1/2026")
    person = make_user(email="a@example.org", licence_number="1-1")
    registration = attend(training, person, staff_user)
    mark_held(training)
    certificate_issue(registration=registration, notify=False)
    login(client, staff_user)

    live = chamber_csv(client, training)[1]
    lms_services.account_delete(user=person)
    deleted = chamber_csv(client, training)[1]

    for row in (live, deleted):
        assert row[4] == "Систем социјалне заштите" and "social_protection" not in row
        assert row[6] == sr("passive participant") and "passive" not in row


def test_my_certificates_export_shows_the_participation_form_by_name(
    client, make_training, make_user, staff_user
):
    training = held_training(make_training, accreditation_number="1/2026")
    person = make_user(email="a@example.org", licence_number="1-1")
    registration = attend(training, person, staff_user)
    mark_held(training)
    certificate_issue(registration=registration, notify=False)
    login(client, person)

    response = client.get(reverse("certificates:mine_export", args=["csv"]))

    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][3] == sr("passive participant")
    assert "passive" not in rows[1]


def test_deleting_a_no_show_keeps_the_registration_count(
    make_training, make_user, staff_user
):
    training = held_training(make_training)
    attend(training, make_user(email="a@example.org"), staff_user)
    from events import services

    registration = services.registration_create(
        training=training,
        user=make_user(email="b@example.org"),
        consent_data=True,
        consent_chamber=True,
        staff=True,
        notify=False,
    )
    before = series_stats(**this_year())

    lms_services.account_delete(user=registration.user)

    after = series_stats(**this_year())
    assert (after.registrations, after.participants) == (2, 1)
    assert after.registrations == before.registrations
    registration.refresh_from_db()
    assert registration.user is None and registration.anonymised_at is not None


def test_account_deletions_are_audited_without_naming_the_person(
    client, make_user, staff_user
):
    own = make_user(email="a@example.org")
    by_staff = make_user(email="b@example.org")
    in_admin = make_user(email="c@example.org")
    pks = own.pk, by_staff.pk, in_admin.pk  # deleting clears them
    login(client, own)

    client.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})
    lms_services.account_delete(user=by_staff, actor=staff_user)
    in_admin.delete()

    rows = {
        row.account_id: (row.via, row.actor) for row in AccountDeletion.objects.all()
    }
    assert rows == {
        pks[0]: ("self", None),
        pks[1]: ("staff", staff_user),
        pks[2]: ("other", None),
    }
    assert not User.objects.filter(pk__in=rows).exists()


def test_my_data_shows_what_was_recorded_at_check_in(
    client, make_training, make_user, staff_user
):
    training = held_training(make_training, accreditation_number="1/2026")
    person = make_user(email="a@example.org", licence_number="1-1")
    attend(training, person, staff_user)
    login(client, person)

    data = client.get(reverse("personal_data")).json()

    record = data["trainings"][0]["attendance_record"]
    assert record["system"] == "Систем социјалне заштите"
    assert (record["institution"], record["licence_number"]) == ("ЦСР Ниш", "1-1")
    assert record["participation_form"] == sr("passive participant")
    assert record["points"] == training.points_passive


def test_a_check_in_whose_record_fails_is_not_made(
    monkeypatch, make_training, make_user, staff_user
):
    from events import services

    training = make_training(days=0)
    registration = services.registration_create(
        training=training,
        user=make_user(email="a@example.org"),
        consent_data=True,
        consent_chamber=True,
        staff=True,
        notify=False,
    )

    def failing(**kwargs):
        raise RuntimeError("the record could not be written")

    monkeypatch.setattr(services.checkin, "attendance_record", failing)
    with pytest.raises(RuntimeError):
        services.checkin_record(registration=registration, by=staff_user)

    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert not Attendance.objects.exists()
