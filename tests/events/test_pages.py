import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from events import services
from events.blocks import AgendaItemBlock, DayHeadingBlock, ProgrammeBlock
from events.models import TrainingIndexPage, TrainingPage
from lms.models import HomePage
from tests.conftest import PASSWORD


class TestPageTree(WagtailPageTestCase):
    def test_the_calendar_lives_under_the_home_page_and_holds_trainings(self):
        self.assertAllowedParentPageTypes(TrainingIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TrainingIndexPage, {TrainingPage})
        self.assertAllowedParentPageTypes(TrainingPage, {TrainingIndexPage})
        self.assertAllowedSubpageTypes(TrainingPage, set())


def test_new_calendar_is_shown_in_menus(db):
    assert TrainingIndexPage().show_in_menus is True


def test_accreditation_defaults_come_from_the_chambers_table(db):
    training = TrainingPage()

    assert training.activity_category == "tribune_round_table"
    assert (
        training.points_passive,
        training.points_active,
        training.points_moderator,
        training.points_lecturer,
    ) == (3, 5, 6, 8)


@pytest.mark.parametrize("block", [AgendaItemBlock, DayHeadingBlock, ProgrammeBlock])
def test_every_block_has_a_docstring_and_preview(block):
    meta = block().meta
    assert block.__doc__
    assert meta.icon and meta.template and meta.description
    assert block().get_preview_value()


def test_programme_renders_agenda_items(client, make_training):
    training = make_training(
        programme=[
            (
                "agenda_item",
                {
                    "start_time": datetime.time(10),
                    "end_time": datetime.time(10, 45),
                    "title": "Појам трговине људима",
                    "text": "",
                    "document": None,
                },
            )
        ]
    )

    html = client.get(training.url).content.decode()

    assert "10:00–10:45" in html and "Појам трговине људима" in html


def test_district_overview_counts_held_and_upcoming(client, make_training):
    make_training(city="Пирот")
    make_training(city="Пирот", days=-30, registration_closes=None)
    training = make_training(city="Ниш", status="cancelled")

    response = client.get(training.get_parent().url + "okruzi/")

    pirot = response.context["districts"]
    counts = {d.name: (d.held, d.upcoming) for d in pirot}
    assert counts["Пиротски управни округ"] == (1, 1)
    assert counts["Нишавски управни округ"] == (0, 0)
    assert response.context["with_trainings"] == 1


@pytest.mark.parametrize("count", [2, 20])
def test_training_page_and_my_trainings_run_constant_queries(
    client, make_training, people, count, django_assert_max_num_queries
):
    trainings = [make_training(days=5 + i, capacity=50) for i in range(count)]
    for training in trainings:
        for person in people[:3]:
            services.registration_create(
                training=training, user=person, consent_data=True, consent_chamber=True
            )
    assert client.login(email=people[0].email, password=PASSWORD)

    with django_assert_max_num_queries(28):
        assert client.get(trainings[0].url).status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(reverse("events:my_trainings"))
    assert response.content.decode().count("<svg") == count


def test_dashboard_lists_the_trainings_a_trainer_runs(client, training, trainer):
    from events.models import TrainerProfile

    training.lecturers.add(TrainerProfile.objects.create(name="Т", user=trainer))
    training.save()
    assert client.login(email=trainer.email, password=PASSWORD)

    html = client.get(reverse("dashboard")).content.decode()

    assert reverse("events:checkin", args=[training.pk]) in html


def test_past_training_shows_it_was_held(client, make_training):
    training = make_training(
        days=-10, registration_closes=None, status="held", reported_participants=53
    )

    html = client.get(training.url).content.decode()

    assert "53" in html
    assert timezone.now() > training.end


def test_staff_can_open_the_admin_forms(client, training, staff_user, trainer_profile):
    assert client.login(email=staff_user.email, password=PASSWORD)

    for url in (
        f"/admin/pages/{training.pk}/edit/",
        f"/admin/pages/add/events/trainingpage/{training.get_parent().pk}/",
        "/admin/snippets/events/trainerprofile/",
        f"/admin/snippets/events/trainerprofile/edit/{trainer_profile.pk}/",
        "/admin/snippets/events/registration/",
    ):
        assert client.get(url).status_code == 200, url
    # Registrations change only through the services, never in the admin.
    registration = services.registration_create(
        training=training, user=staff_user, consent_data=True, consent_chamber=True
    )
    edit = f"/admin/snippets/events/registration/edit/{registration.pk}/"
    assert client.get(edit).status_code in (302, 403)
