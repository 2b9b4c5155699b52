"""A course's outline, enrolment, resuming, and lessons."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import services
from courses.selectors import course_outline, lesson_practice


def course_detail(request, page):
    outline = course_outline(page, request.user)
    context = {
        "page": page,
        "self": page,
        "outline": outline,
        "next_lesson": outline.next_lesson() if outline.enrolment else None,
    }
    return TemplateResponse(request, "courses/course_page.html", context)


@require_POST
def course_enrol(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    try:
        services.enrolment_create(course=page, user=request.user)
    except services.CourseError as error:
        messages.error(request, str(error))
        return redirect(page.url)
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    return redirect(page.url + "nastavak/")


def course_resume(request, page):
    """Take the learner to the last lesson they opened, or the next one."""
    outline = course_outline(page, request.user)
    if outline.enrolment is None:
        return redirect(page.url)
    last = outline.enrolment.last_lesson_id
    lesson = next((x for x in outline.lessons if x.pk == last), None)
    if lesson is None or lesson.pk in outline.completed_ids:
        lesson = outline.next_lesson() or lesson
    return redirect(lesson.url if lesson else page.url)


def lesson_detail(request, page):
    course = page.get_parent().specific
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    outline = course_outline(course, request.user)
    if outline.enrolment is None:
        messages.info(request, _("Enrol in the course to open its lessons."))
        return redirect(course.url)
    services.lesson_visit(enrolment=outline.enrolment, lesson=page)
    context = lesson_context(page, course, outline)
    return TemplateResponse(request, "courses/lesson_page.html", context)


def lesson_context(page, course, outline, answered: dict | None = None) -> dict:
    """What the lesson template needs; ``answered`` is an exercise's feedback."""
    previous, following = outline.neighbours(page)
    practice = lesson_practice(outline.enrolment, page)
    return {
        "page": page,
        "self": page,
        "course": course,
        "outline": outline,
        "previous": previous,
        "following": following,
        "completed": page.pk in outline.completed_ids,
        "missing_quizzes": services.missing_quizzes(
            enrolment=outline.enrolment, lesson=page
        ),
        "blocks": [(block, practice.get(block.id)) for block in page.body],
        "has_practice": bool(practice),
        "missing_practice": any(s.required and not s.done for s in practice.values()),
        "exercise_answer_base": page.url + "vezba/",
        "answered": answered,
    }


@require_POST
def lesson_complete(request, page):
    course = page.get_parent().specific
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    outline = course_outline(course, request.user)
    if outline.enrolment is None:
        return redirect(course.url)
    try:
        services.lesson_complete(enrolment=outline.enrolment, lesson=page)
    except services.CourseError as error:
        messages.error(request, str(error))
        return redirect(page.url)
    outline = course_outline(course, request.user)
    if outline.enrolment.completed_at:
        messages.success(request, _("You have completed the course. Well done!"))
        return redirect(course.url)
    _previous, following = outline.neighbours(page)
    return redirect(following.url if following else course.url)
