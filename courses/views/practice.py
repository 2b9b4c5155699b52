"""Exercises done inside a lesson, and the certificate of a completed course."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from courses import services
from courses.models import Enrolment
from courses.selectors import course_outline
from courses.views.learning import lesson_context


@require_POST
def lesson_exercise_answer(request, page, block_id: str):
    """Grade the answer and show the lesson again, with the feedback in place."""
    course = page.get_parent().specific
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    block = page.exercise_block(block_id)
    if block is None:
        raise Http404
    outline = course_outline(course, request.user)
    if outline.enrolment is None:
        return redirect(course.url)
    feedback = services.lesson_exercise_answer(
        enrolment=outline.enrolment, lesson=page, block=block, data=request.POST
    )
    answered = {
        "id": block.id,
        "feedback": feedback,
        "template": f"exercises/blocks/{block.block.kind}_feedback.html",
    }
    context = lesson_context(page, course, outline, answered=answered)
    return TemplateResponse(request, "courses/lesson_page.html", context)


@require_GET
def course_certificate(request, page):
    """Download the certificate of completion (issued here if not yet)."""
    if not request.user.is_authenticated:
        return redirect_to_login(page.url + "potvrda/")
    enrolment = (
        Enrolment.objects.filter(user=request.user, course=page)
        .exclude(completed_at=None)
        .select_related("user__profile", "course")
        .first()
    )
    if enrolment is None:
        raise Http404
    certificate = services.course_certificate(enrolment=enrolment)
    return redirect("certificates:download", certificate.code_display)
