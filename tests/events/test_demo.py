import io

from django.core.management import call_command

from events.evaluations.services import evaluation_state
from events.models import TrainingPage
from events.selectors import trainings_live


def test_demo_loads_the_2025_series_and_open_trainings_idempotently(db, client):
    for _ in range(2):
        call_command("load_demo", stdout=io.StringIO())

    held = TrainingPage.objects.filter(status="held", slug__startswith="2025-")
    assert held.count() == 25
    assert sum(t.reported_participants for t in held) == 1463
    belgrade = held.get(municipality__name="Београд")
    assert belgrade.venue_name == "Хотел М"
    assert belgrade.start.date().isoformat() == "2025-07-30"
    assert belgrade.moderator.user.email == "trener@example.org"
    assert belgrade.lecturers.count() > 0
    upcoming = list(trainings_live().upcoming())
    assert len(upcoming) == 5
    assert all(t.registration_is_open() for t in upcoming)
    assert [t.seats_left for t in upcoming if t.seats_left <= 1] == [1]

    index_url = upcoming[0].get_parent().url
    assert client.get(index_url).status_code == 200
    assert client.get(upcoming[0].url).status_code == 200


def test_demo_participant_has_an_open_evaluation(db):
    call_command("load_demo", stdout=io.StringIO())

    recent = TrainingPage.objects.get(slug="nedavna-obuka-sabac")
    registration = recent.registrations.get(user__email="ucesnica@example.org")
    assert evaluation_state(training=recent, registration=registration) == "open"
