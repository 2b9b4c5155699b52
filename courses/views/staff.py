"""Enrolments, progress and completion per course for centre staff."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from courses.exports import progress_workbook
from courses.models import CoursePage, LessonQuiz
from courses.selectors import course_enrolments, enrolments_with_progress, progress_by
from lms.models import Institution, System
from lms.permissions import permission_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _report(request, course_id: int) -> dict:
    course = get_object_or_404(CoursePage, pk=course_id)
    system = _int(request.GET.get("system"))
    institution = _int(request.GET.get("institution"))
    rows = enrolments_with_progress(
        course_enrolments(course, system=system, institution=institution)
    )
    return {
        "course": course,
        "rows": rows,
        "by_system": progress_by(rows, "system"),
        "by_institution": progress_by(rows, "institution"),
        "systems": System.objects.all(),
        "institutions": Institution.objects.filter(
            profiles__user__course_enrolments__course=course
        ).distinct(),
        "selected_system": system,
        "selected_institution": institution,
    }


@permission_required("lms.view_all_data")
def course_list(request):
    courses = CoursePage.objects.order_by("path")
    return render(request, "courses/staff_course_list.html", {"courses": courses})


@permission_required("lms.view_all_data")
def course_progress(request, course_id: int):
    context = _report(request, course_id)
    context["quizzes"] = [
        link.quiz
        for link in LessonQuiz.objects.filter(
            lesson__path__startswith=context["course"].path
        ).select_related("quiz")
    ]
    context["query"] = request.GET.urlencode()
    return render(request, "courses/staff_progress.html", context)


@permission_required("lms.view_all_data")
def course_progress_export(request, course_id: int):
    context = _report(request, course_id)
    data = progress_workbook(
        context["course"],
        context["rows"],
        context["by_system"],
        context["by_institution"],
    )
    response = HttpResponse(data, content_type=XLSX)
    name = slugify(context["course"].slug or "kurs")
    response["Content-Disposition"] = f'attachment; filename="napredak-{name}.xlsx"'
    return response
