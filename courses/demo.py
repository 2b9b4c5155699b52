"""Demo content: the course „Препознавање случајева трговине људима и подршка
жртвама“, one module per segment of the training programme.

Idempotent: pages are found by slug, modules by title. Runs after the quizzes'
demo (``INSTALLED_APPS`` order), whose quizzes the lessons embed.
"""

from django.db import transaction

from courses.demo_content import MODULES, text
from courses.models import CourseIndexPage, CourseModule, CoursePage, LessonPage
from lms.models import HomePage
from quizzes.models import Quiz

COURSE_SLUG = "prepoznavanje-trgovine-ljudima"
COURSE_INTRO = (
    "<p>Курс прати програм регионалних обука које је Центар за заштиту жртава "
    "трговине људима 2025. године одржао у 25 управних округа за 1.463 "
    "професионалца из 399 институција. Намењен је свима који у свом раду "
    "могу да сретну особу у ризику од трговине људима: запосленима у "
    "социјалној заштити, образовању, здравству, полицији, правосуђу, "
    "градским управама, невладиним организацијама и Црвеном крсту.</p>"
)
OUTCOMES = (
    "<ul><li>препознаћете елементе трговине људима и њене облике у "
    "Србији;</li><li>знаћете ко у систему заштите шта ради и коме се "
    "пријављује сумња;</li><li>моћи ћете да први разговор водите на начин "
    "усмерен на особу и заснован на разумевању трауме;</li><li>упознаћете "
    "апликацију за препознавање случајева трговине људима.</li></ul>"
)


def _index(home: HomePage) -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="Курсеви",
                slug="kursevi",
                intro="<p>Курсеви које можете да пратите својим темпом, са "
                "телефона или рачунара.</p>",
            )
        )
    return index


def _course(index: CourseIndexPage) -> CoursePage:
    course = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course is None:
        course = index.add_child(
            instance=CoursePage(
                title="Препознавање случајева трговине људима и подршка жртвама",
                slug=COURSE_SLUG,
                search_description="Шест модула програма обуке Центра, са "
                "квизом за проверу знања.",
                intro=COURSE_INTRO,
                outcomes=OUTCOMES,
                duration="око 3 сата",
            )
        )
    return course


def _lesson(course, module, slug, title, summary, minutes, body, required=True):
    lesson = LessonPage.objects.child_of(course).filter(slug=slug).first()
    if lesson is None:
        lesson = course.add_child(
            instance=LessonPage(
                title=title,
                slug=slug,
                module=module,
                summary=summary,
                duration_minutes=minutes,
                required=required,
                body=body,
            )
        )
    return lesson


def _quiz_block(slug: str, required: bool, intro: str):
    return ("quiz", {"quiz": Quiz.objects.get(slug=slug), "required": required,
                     "intro": intro})  # fmt: skip


@transaction.atomic
def load_demo(stdout) -> None:
    home = HomePage.objects.first()
    course = _course(_index(home))
    lessons = 0
    for position, (title, summary, module_lessons) in enumerate(MODULES):
        module, _created = CourseModule.objects.get_or_create(
            course=course,
            title=title,
            defaults={"summary": summary, "sort_order": position},
        )
        if position == 0:
            _lesson(
                course, module, "uvodni-test", "Пре почетка: уводни тест",
                "Осам питања која ћете поново видети на крају курса.", 5,
                [
                    text("<p>Одговорите на осам питања пре него што почнете. "
                         "Тест се не оцењује: служи да на крају, у завршном "
                         "тесту, видите шта сте научили.</p>"),
                    _quiz_block("uvodni-test", False, ""),
                ],
                required=False,
            )  # fmt: skip
        for slug, lesson_title, lesson_summary, minutes, body in module_lessons:
            _lesson(course, module, slug, lesson_title, lesson_summary, minutes, body)
            lessons += 1
    _lesson(
        course, module, "provera-znanja", "Завршна провера знања",
        "Квиз из свих шест тема и завршни тест.", 20,
        [
            text("<p>Квиз обухвата свих шест тема курса. Потребно је 70 % "
                 "тачних одговора; имате три покушаја и времена колико вам "
                 "треба. Када положите квиз, курс је завршен.</p>"),
            _quiz_block("provera-znanja-trgovina-ljudima", True,
                        "Провера знања из свих тема курса."),
            text("<p>На крају можете поново да урадите питања из уводног "
                 "теста и видите шта се променило.</p>"),
            _quiz_block("zavrsni-test", False, ""),
        ],
    )  # fmt: skip
    stdout.write(f"Course: {course.title} ({len(MODULES)} modules, {lessons} lessons)")
