"""A learner takes a course on a phone: enrols, learns, does an exercise, fails the
quiz, retries, passes, and downloads the certificate of completion."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage
from courses.services import lesson_quizzes_sync
from quizzes.models import Option, Question, Quiz, QuizQuestion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logged_in(page, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )


def _question(text, right, wrong):
    question = Question.objects.create(kind="single", text=text)
    Option.objects.create(question=question, text=right, is_correct=True)
    Option.objects.create(question=question, text=wrong, feedback="Погледајте лекцију.")
    return question


DETECTIVE = {
    "title": "Аутобуска станица",
    "intro": "",
    "required": True,
    "passages": [
        {"text": "Младић спава.", "is_sign": False, "explanation": "Умор."},
        {
            "text": "Човек држи туђе пасоше.",
            "is_sign": True,
            "explanation": "Одузимање докумената је знак контроле.",
        },
    ],
}


@pytest.fixture
def course(home_page):
    quiz = Quiz.objects.create(
        title="Провера знања", slug="provera", pass_mark=100, shuffle_questions=False
    )
    questions = [
        _question("Ко идентификује жртве?", "Центар за заштиту жртава", "Школа"),
        _question("Да ли је за дете потребно средство?", "Није", "Јесте"),
    ]
    for position, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=position)
    index = home_page.add_child(instance=CourseIndexPage(title="Курсеви", slug="k"))
    course = index.add_child(
        instance=CoursePage(title="Препознавање трговине људима", slug="kurs")
    )
    course.add_child(
        instance=LessonPage(
            title="Појам трговине људима",
            slug="pojam",
            body=[
                ("text", "<p>Радња, средство и циљ.</p>"),
                ("detective_mystery", DETECTIVE),
            ],
        )
    )
    check = course.add_child(
        instance=LessonPage(
            title="Провера знања",
            slug="provera",
            body=[("quiz", {"quiz": quiz, "required": True, "intro": ""})],
        )
    )
    lesson_quizzes_sync(lesson=check)
    return course


def _answer_all(page, answers):
    for answer in answers:
        page.get_by_label(answer).check()
        page.locator("form.question button[type=submit]").click()
    page.locator("form.quiz__finish button[type=submit]").click()


def test_enrol_learn_fail_retry_pass_complete(
    page, live_server, client, course, participant
):
    logged_in(page, client, participant, live_server)
    page.goto(live_server.url + course.url)
    page.locator("form[action$='upis/'] button").click()

    expect(page.locator("h1")).to_have_text("Појам трговине људима")
    expect(page.locator("[data-missing-practice]")).to_be_visible()
    page.get_by_label("Човек држи туђе пасоше.").check()
    page.locator("form.exercise__form button[type=submit]").click()
    expect(page.locator("[data-feedback]")).to_contain_text(
        "Одузимање докумената је знак контроле."
    )
    expect(page.locator("h1")).to_have_text("Појам трговине људима")
    page.locator("form[action$='zavrseno/'] button").click()

    expect(page.locator("h1")).to_have_text("Провера знања")
    page.locator(".quiz-card a.button").click()
    page.locator("form[action*='pocetak'] button").click()
    _answer_all(page, ["Школа", "Јесте"])
    expect(page.locator(".result--not-yet")).to_be_visible()
    expect(page.locator(".review")).to_contain_text("Погледајте лекцију.")

    page.locator("form[action*='pocetak'] button").click()
    _answer_all(page, ["Центар за заштиту жртава", "Није"])
    expect(page.locator(".result--passed")).to_be_visible()

    page.locator(".form__actions a.button--primary").click()
    expect(page.locator("h1")).to_have_text("Провера знања")
    page.goto(live_server.url + course.url)
    expect(page.locator(".course__complete")).to_be_visible()
    expect(page.locator("#course-progress")).to_have_attribute("value", "100")
    assert Enrolment.objects.get(user=participant).completed_at is not None
    with page.expect_download() as download:
        page.locator("a[data-certificate]").click()
    assert download.value.suggested_filename.startswith("potvrda-")
    assert Certificate.objects.filter(user=participant, kind="completion").count() == 1

    page.goto(live_server.url + "/dashboard/")
    expect(page.locator("main")).to_contain_text("Препознавање трговине људима")
