"""Demo content: the course „Препознавање случајева трговине људима и подршка
жртвама“, one module per segment of the training programme.

Idempotent: pages are found by slug, modules by title. Runs after the quizzes'
and the exercises' demos (``INSTALLED_APPS`` order), whose quizzes, exercise
and case study the lessons embed. The demo participant has completed the
course, honestly (through the services), and holds its certificate.
"""

from django.db import transaction

from courses import services
from courses.blocks import LessonBlock
from courses.demo_content import MODULES, text
from courses.models import (
    CourseIndexPage,
    CourseModule,
    CoursePage,
    Enrolment,
    LessonPage,
)
from events import demo as events_demo
from exercises.models import CaseStudyPage, ExercisePage
from lms.models import HomePage, User
from quizzes import services as quiz_services
from quizzes.models import QuestionKind, Quiz
from quizzes.selectors import options_for

DEMO_PARTICIPANT = "ucesnica@example.org"
EXERCISE_LESSON, EXERCISE_SLUG = "komunikacija", "zatvorena-i-otvorena-pitanja"
CASE_LESSON, CASE_SLUG = "studija-slucaja", "ivana-i-novi-prijatelji"
SPOTTING_LESSON, SPOTTING_SLUG = "indikatori", "indikatori-na-snimku"
CASE_INTRO = (
    "Сличан случај, сада уз апликацију: прочитајте причу, означите индикаторе "
    "које препознајете и упоредите своје одговоре са одговором стручњака."
)

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
        services.lesson_quizzes_sync(lesson=lesson)
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
    _embed_practice(course)
    _link_spotting_in_programmes()
    stdout.write(f"Course: {course.title} ({len(MODULES)} modules, {lessons} lessons)")
    if _participant_completes(course):
        stdout.write(f"{DEMO_PARTICIPANT} has completed the course")


def _append_block(lesson: LessonPage, block_type: str, value: dict) -> None:
    """Add a block to a lesson that has none of its type yet (idempotent)."""
    if any(block.block_type == block_type for block in lesson.body):
        return
    block = LessonBlock().child_blocks[block_type]
    lesson.body.append((block_type, block.to_python(value)))
    lesson.save_revision().publish()


def _link_spotting_in_programmes() -> None:
    """The upcoming trainings' programmes link the live video spotting. Done
    here, above both apps: exercises must not import events, and the events
    demo runs before the exercise pages exist."""
    spotting = ExercisePage.objects.filter(slug=SPOTTING_SLUG).first()
    if spotting:
        events_demo.link_in_programmes(spotting)


def _embed_practice(course: CoursePage) -> None:
    """The lesson on communication embeds an exercise, the lesson on
    indicators the video spotting; the case-study lesson links a case study of
    the screening practice."""
    lessons = {p.slug: p for p in LessonPage.objects.child_of(course)}
    exercise = ExercisePage.objects.filter(slug=EXERCISE_SLUG).first()
    if exercise and EXERCISE_LESSON in lessons:
        value = {**exercise.body.raw_data[0]["value"], "required": True}
        _append_block(lessons[EXERCISE_LESSON], "open_questions", value)
    spotting = ExercisePage.objects.filter(slug=SPOTTING_SLUG).first()
    if spotting and SPOTTING_LESSON in lessons:
        # Not required: a lesson stays open to people who cannot watch a video.
        value = {**spotting.body.raw_data[0]["value"], "required": False}
        _append_block(lessons[SPOTTING_LESSON], "video_spotting", value)
    case = CaseStudyPage.objects.filter(slug=CASE_SLUG).first()
    if case and CASE_LESSON in lessons:
        value = {"case": case.pk, "intro": CASE_INTRO, "required": False}
        _append_block(lessons[CASE_LESSON], "case_study", value)


def _right_response(question, options) -> dict:
    """The correct answer to a question, in the form the quiz forms send."""
    right = [o.pk for o in options if o.is_correct]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        return {"option": right[0] if right else None}
    if question.kind == QuestionKind.MULTIPLE:
        return {"options": right}
    if question.kind == QuestionKind.MATCHING:
        return {"pairs": {str(o.pk): o.pk for o in options}}
    if question.kind == QuestionKind.ORDERING:
        return {"order": [o.pk for o in options]}
    return {"text": (question.accepted_answer_list or [""])[0]}


def _quiz_pass(quiz: Quiz, user) -> None:
    attempt = quiz_services.attempt_start(quiz=quiz, user=user)
    for question_id in attempt.question_ids:
        question, options = options_for(question_id)
        quiz_services.answer_save(
            attempt=attempt,
            question_id=question_id,
            response=_right_response(question, options),
        )
    quiz_services.attempt_submit(attempt=attempt)


def _participant_completes(course: CoursePage) -> bool:
    """The demo participant takes every lesson, the exercise and the quiz."""
    user = User.objects.filter(email=DEMO_PARTICIPANT).first()
    if user is None or Enrolment.objects.filter(user=user, course=course).exists():
        return False
    enrolment = services.enrolment_create(course=course, user=user)
    for lesson in LessonPage.objects.child_of(course).live().order_by("path"):
        for block in lesson.body:
            if block.block_type == "open_questions":
                answers = {
                    f"question-{i}": item["model_answers"].splitlines()[0]
                    for i, item in enumerate(block.value["questions"])
                }
                services.lesson_exercise_answer(
                    enrolment=enrolment, lesson=lesson, block=block, data=answers
                )
        for quiz_id, required in lesson.embedded_quizzes():
            if required:
                _quiz_pass(Quiz.objects.get(pk=quiz_id), user)
        if lesson.required:
            services.lesson_complete(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    if enrolment.completed_at:
        # Issued now, without the e-mail a real learner gets.
        services.course_certificate(enrolment=enrolment, notify=False)
    return enrolment.completed_at is not None
