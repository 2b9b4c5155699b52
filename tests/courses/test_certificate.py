"""The certificate of completion of a course: issued once, verifiable, private."""

import io

import pypdf
import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateEvent
from courses import services
from courses.models import Enrolment

from .conftest import lessons_of
from .test_pages import _queries


def _complete(course, user, capture) -> Enrolment:
    enrolment = services.enrolment_create(course=course, user=user)
    with capture(execute=True):
        for lesson in lessons_of(course):
            services.lesson_complete(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    return enrolment


def test_completion_issues_exactly_one_certificate(
    course, participant, django_capture_on_commit_callbacks, mailoutbox
):
    enrolment = services.enrolment_create(course=course, user=participant)
    *first, last = lessons_of(course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in first:
            services.lesson_complete(enrolment=enrolment, lesson=lesson)
    assert not Certificate.objects.exists()  # not complete yet

    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_complete(enrolment=enrolment, lesson=last)
        services.lesson_complete(enrolment=enrolment, lesson=last)
    enrolment.refresh_from_db()
    again = services.course_certificate(enrolment=enrolment)

    certificate = Certificate.objects.get()
    assert again == certificate
    assert certificate.kind == "completion"
    assert certificate.points == 0 and certificate.training is None
    assert certificate.user == participant
    assert certificate.holder_name == "Ана Анић"
    assert certificate.course_title == course.title
    assert certificate.course_id == course.pk
    assert CertificateEvent.objects.filter(certificate=certificate).count() == 1
    assert len(mailoutbox) == 1 and course.title in mailoutbox[0].body


def test_no_certificate_when_the_completion_is_rolled_back(
    course, participant, django_capture_on_commit_callbacks
):
    from django.db import transaction

    enrolment = services.enrolment_create(course=course, user=participant)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            for lesson in lessons_of(course):
                services.lesson_complete(enrolment=enrolment, lesson=lesson)
            raise RuntimeError
    assert not Certificate.objects.exists()


def test_the_certificate_is_in_the_holders_script(
    course, make_user, django_capture_on_commit_callbacks
):
    learner = make_user(email="latinica@example.org")
    learner.profile.preferred_script = "latn"
    learner.profile.save()
    _complete(course, learner, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.script == "latn"

    from certificates.rendering import certificate_html

    html = certificate_html(certificate)
    assert "Potvrda o završenom kursu" in html
    assert "Потврда" not in html


def test_the_learner_downloads_it_from_the_course_page_and_dashboard(
    client, course, participant, django_capture_on_commit_callbacks
):
    _complete(course, participant, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    client.force_login(participant)

    course_page = client.get(course.url).content.decode()
    assert f'href="{course.url}potvrda/"' in course_page
    assert f'href="{course.url}potvrda/"' in client.get("/dashboard/").text

    response = client.get(course.url + "potvrda/")
    download = reverse("certificates:download", args=[certificate.code_display])
    assert response.status_code == 302 and response.url == download
    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    data = b"".join(pdf.streaming_content)
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Ана Анић" in text
    assert certificate.code_display in text
    assert "бодов" in text  # it says it carries no licence points

    mine = client.get(reverse("certificates:mine")).content.decode()
    assert course.title in mine and certificate.code_display in mine


def test_the_verify_page_shows_it_valid(
    client, course, participant, django_capture_on_commit_callbacks
):
    _complete(course, participant, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    page = client.get(reverse("certificates:verify", args=[certificate.code_display]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-status="valid"' in html
    assert course.title in html and "Ана Анић" in html


def test_someone_else_cannot_download_it(
    client, course, participant, make_user, django_capture_on_commit_callbacks
):
    _complete(course, participant, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    other = make_user(email="druga@example.org")
    services.enrolment_create(course=course, user=other)
    client.force_login(other)
    download = reverse("certificates:download", args=[certificate.code_display])
    assert client.get(download).status_code == 403
    assert client.get(course.url + "potvrda/").status_code == 404
    assert f"{course.url}potvrda/" not in client.get(course.url).content.decode()
    assert Certificate.objects.count() == 1


def test_no_certificate_before_the_course_is_complete(client, course, participant):
    client.force_login(participant)
    client.post(course.url + "upis/")
    assert client.get(course.url + "potvrda/").status_code == 404
    assert not Certificate.objects.exists()


def test_a_missed_issue_is_made_good_on_the_first_download(client, course, participant):
    """If issuing after commit failed, the course page link still works."""
    enrolment = services.enrolment_create(course=course, user=participant)
    for lesson in lessons_of(course):  # on-commit callbacks are never run here
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    assert not Certificate.objects.exists()
    client.force_login(participant)
    assert client.get(course.url + "potvrda/").status_code == 302
    assert client.get(course.url + "potvrda/").status_code == 302
    assert Certificate.objects.count() == 1


def test_a_completed_course_page_runs_constant_queries(
    client,
    make_course,
    participant,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    counts = []
    for size in (2, 10):
        course = make_course(lessons=size)
        _complete(course, participant, django_capture_on_commit_callbacks)
        client.force_login(participant)
        client.get(course.url)  # warm the site and page caches
        counts.append(_queries(client, course.url))
        with django_assert_max_num_queries(25):
            client.get(course.url)
    assert counts[0] == counts[1]
