"""Staff progress views and the XLSX export."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from courses import services
from lms.spreadsheets import cell_safe as safe_cell

from .conftest import lessons_of


@pytest.mark.parametrize("name", ["courses:progress", "courses:progress_export"])
def test_staff_views_are_forbidden_to_participants(client, course, participant, name):
    client.force_login(participant)
    assert client.get(reverse(name, args=[course.pk])).status_code == 403


def test_staff_list_is_forbidden_to_participants(client, participant):
    client.force_login(participant)
    assert client.get(reverse("courses:staff_courses")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    response = client.get(reverse("courses:progress", args=[course.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_staff_see_progress_per_system_and_institution(
    client, course, make_user, staff_user
):
    learners = [make_user(email=f"u{i}@example.org") for i in range(3)]
    for learner in learners:
        services.enrolment_create(course=course, user=learner)
    enrolment = learners[0].course_enrolments.get()
    for lesson in lessons_of(course):
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    client.force_login(staff_user)
    page = client.get(reverse("courses:progress", args=[course.pk]))
    assert page.status_code == 200
    assert "ЦСР Ниш" in page.text
    rows = page.context["by_institution"]
    assert [(r.name, r.enrolled, r.completed) for r in rows] == [("ЦСР Ниш", 3, 1)]


def test_safe_cell_neutralises_formulas():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+381") == "'+381"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Ана") == "Ана"
    assert safe_cell(5) == 5


def test_xlsx_export_neutralises_a_name_starting_with_equals(
    client, course, make_user, staff_user
):
    learner = make_user(
        email="zla@example.org", first_name='=HYPERLINK("http://evil","x")'
    )
    services.enrolment_create(course=course, user=learner)
    client.force_login(staff_user)
    response = client.get(reverse("courses:progress_export", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    sheet = book.worksheets[0]
    cell = sheet.cell(row=2, column=1)
    assert cell.value == '\'=HYPERLINK("http://evil","x")'
    assert cell.data_type == "s"
    assert sheet.cell(row=2, column=3).value == "zla@example.org"
    assert len(book.worksheets) == 3
