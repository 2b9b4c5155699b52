import datetime

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from events.evaluations import services as evaluations
from events.models import (
    EvaluationForm,
    EvaluationResponse,
    EvaluationSubmission,
    EvaluationTemplate,
)
from tests.events.eval_helpers import (
    answer,
    attend,
    form_post,
    held_training,
    login,
)
from tests.helpers import main_text, soup, sr


@pytest.fixture
def held(make_training):
    return held_training(make_training)


@pytest.fixture
def attendee(held, participant, staff_user):
    return attend(held, participant, staff_user)


def test_a_response_has_no_link_to_a_person_and_no_precise_time():
    relations = {
        f.related_model._meta.label
        for f in EvaluationResponse._meta.get_fields()
        if f.is_relation
    }
    assert relations == {"events.TrainingPage"}
    time_fields = [
        f.name
        for f in EvaluationResponse._meta.get_fields()
        if isinstance(f, models.DateTimeField | models.TimeField)
    ]
    assert time_fields == []
    assert isinstance(EvaluationResponse._meta.pk, models.UUIDField)


def test_answering_stores_the_answer_and_that_the_person_answered(attendee):
    answer(attendee, rating=4, liked="Примери из праксе")

    response = EvaluationResponse.objects.get()
    assert response.content == 4 and response.liked == "Примери из праксе"
    assert response.submitted_on == timezone.localdate()
    submission = EvaluationSubmission.objects.get()
    assert submission.registration == attendee
    assert evaluations.evaluation_submitted(registration=attendee)
    assert submission.training == attendee.training


def test_a_second_answer_is_refused(attendee):
    answer(attendee)

    with pytest.raises(evaluations.EvaluationError) as error:
        answer(attendee, rating=1)

    assert error.value.code == "duplicate"
    assert EvaluationResponse.objects.count() == 1


def test_the_database_refuses_a_second_submission_for_a_registration(attendee):
    EvaluationSubmission.objects.create(
        training=attendee.training, registration=attendee
    )
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError of the backend
        EvaluationSubmission.objects.create(
            training=attendee.training, registration=attendee
        )


def test_only_people_checked_in_can_answer(held, participant, client):
    from events import services

    registration = services.registration_create(
        training=held,
        user=participant,
        consent_data=True,
        consent_chamber=True,
        staff=True,
        notify=False,
    )
    with pytest.raises(evaluations.EvaluationError) as error:
        answer(registration)
    assert error.value.code == "not_checked_in"

    login(client, participant)
    url = reverse("events:evaluation_answer", args=[held.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_post()).status_code == 403
    assert EvaluationResponse.objects.count() == 0


def test_the_form_opens_at_the_end_or_when_the_trainer_opens_it(
    make_training, participant, staff_user
):
    training = make_training(days=0, capacity=10, registration_closes=None)
    training.start = timezone.now() - datetime.timedelta(hours=1)
    training.end = timezone.now() + datetime.timedelta(hours=3)
    training.save()
    registration = attend(training, participant, staff_user)

    with pytest.raises(evaluations.EvaluationError) as error:
        answer(registration)
    assert error.value.code == "not_open"

    evaluations.evaluation_open(training=training)
    answer(registration)
    assert EvaluationResponse.objects.filter(training=training).count() == 1


def test_the_form_closes_the_configured_number_of_days_later(attendee, settings):
    settings.EVALUATION_OPEN_DAYS = 3
    training = attendee.training
    late = training.end + datetime.timedelta(days=3, minutes=1)

    with pytest.raises(evaluations.EvaluationError) as error:
        evaluations.evaluation_submit(
            registration=attendee,
            ratings=dict.fromkeys(evaluations.RATED_FIELDS, 5),
            now=late,
        )
    assert error.value.code == "closed"

    form = evaluations.evaluation_form_get(training=training)
    form.open_days = 10
    form.save()
    training.refresh_from_db()
    evaluations.evaluation_submit(
        registration=attendee,
        ratings=dict.fromkeys(evaluations.RATED_FIELDS, 5),
        now=late,
    )
    assert EvaluationResponse.objects.count() == 1


def test_participant_answers_on_one_screen(attendee, participant, client):
    login(client, participant)
    url = reverse("events:evaluation_answer", args=[attendee.training.pk])

    page = client.get(url)
    assert page.status_code == 200
    html = soup(page)
    assert len(html.select(".rating")) == 5
    assert len(html.select(".rating input[type=radio]")) == 25
    assert len(html.select("textarea")) == 3

    incomplete = client.post(url, {"content": "5"})
    assert incomplete.status_code == 200
    assert EvaluationResponse.objects.count() == 0

    done = client.post(url, form_post(rating=4, change="Више вежби"), follow=True)
    assert sr("Thank you! Your answers are saved.") in main_text(done)
    assert EvaluationResponse.objects.get().change == "Више вежби"
    again = client.get(url)
    assert sr("You have already answered this questionnaire. Thank you!") in main_text(
        again
    )


def test_staff_add_questions_from_a_template(attendee, staff_user, client):
    template = EvaluationTemplate.objects.create(name="Здравство")
    template.questions.create(text="Да ли ћете применити апликацију?", kind="text")
    template.questions.create(text="Оцените вежбе", kind="rating")
    template.save()  # modelcluster keeps the questions in memory until then
    login(client, staff_user)
    training = attendee.training

    client.post(
        reverse("events:evaluation_template", args=[training.pk]),
        {"template": template.pk},
    )

    form = EvaluationForm.objects.get(training=training)
    assert [q["text"] for q in form.extra_questions] == [
        "Да ли ћете применити апликацију?",
        "Оцените вежбе",
    ]
    client.force_login(attendee.user)
    url = reverse("events:evaluation_answer", args=[training.pk])
    assert len(soup(client.get(url)).select(".rating")) == 6
    keys = [f"extra_{q['key']}" for q in form.extra_questions]
    client.post(url, {**form_post(), keys[0]: "Да", keys[1]: "4"})
    response = EvaluationResponse.objects.get()
    assert response.content == 5  # the standard items are unchanged
    assert response.extra_answers == [
        {"question": "Да ли ћете применити апликацију?", "answer": "Да"},
        {"question": "Оцените вежбе", "answer": 4},
    ]


def test_results_need_the_minimum_number_of_answers(
    held, people, staff_user, client, settings
):
    settings.EVALUATION_MIN_ANSWERS = 5
    registrations = [attend(held, person, staff_user) for person in people[:5]]
    for registration in registrations[:4]:
        answer(registration, rating=5, liked="Тајни коментар")
    login(client, staff_user)
    url = reverse("events:evaluation_results", args=[held.pk])

    hidden = client.get(url)
    assert "Тајни коментар" not in main_text(hidden)
    assert hidden.context["results"].shown is False

    answer(registrations[4], rating=3)
    shown = client.get(url)
    results = shown.context["results"]
    assert results.shown and results.answers == 5 and results.response_rate == 100
    assert str(results.overall) == "4.60"
    assert results.items[0].distribution == [0, 0, 1, 0, 4]
    assert "Тајни коментар" in main_text(shown)


def test_results_permissions(
    held, make_training, trainer, trainer_profile, participant, staff_user, client
):
    held.lecturers.add(trainer_profile)
    held.save()
    other = held_training(make_training)
    own_url = reverse("events:evaluation_results", args=[held.pk])
    other_url = reverse("events:evaluation_results", args=[other.pk])

    login(client, participant)
    assert client.get(own_url).status_code == 403
    assert client.get(reverse("events:evaluation_overview")).status_code == 403
    login(client, trainer)
    assert client.get(own_url).status_code == 200
    assert client.get(other_url).status_code == 403
    login(client, staff_user)
    assert client.get(other_url).status_code == 200


def test_results_by_lecturer_district_and_month(
    held, people, staff_user, trainer_profile, client
):
    held.lecturers.add(trainer_profile)
    held.save()
    for person in people[:6]:
        answer(attend(held, person, staff_user), rating=4)
    login(client, staff_user)

    page = client.get(reverse("events:evaluation_overview"))

    lecturers, districts, months = (rows for _title, rows in page.context["groups"])
    assert lecturers[0].label == "Тодор Тренер"
    assert lecturers[0].answers == 6 and str(lecturers[0].average) == "4.00"
    assert [d.label for d in districts] == [held.municipality.district.name]
    assert months[0].label == timezone.localtime(held.start).strftime("%m/%Y")


def test_staff_manage_question_templates_in_the_admin(staff_user, client):
    login(client, staff_user)

    response = client.get(reverse("wagtailsnippets_events_evaluationtemplate:add"))

    assert response.status_code == 200
    assert staff_user.has_perm("events.view_chamberexportlog")


def test_download_my_data_says_whether_not_what_was_answered(attendee, client):
    answer(attendee, liked="Тајна")
    client.force_login(attendee.user)

    data = client.get(reverse("personal_data")).content.decode()

    assert '"evaluation_submitted": true' in data
    assert "Тајна" not in data
