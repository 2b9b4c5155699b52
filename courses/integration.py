"""What the courses app adds to the core through ``lms.registry``."""

from typing import Any


def personal_data(user) -> list[dict[str, Any]]:
    """The person's enrolments and completed lessons, for "Download my data"."""
    enrolments = user.course_enrolments.select_related("course").prefetch_related(
        "completions__lesson"
    )
    return [
        {
            "course": e.course.title,
            "enrolled_at": e.enrolled_at.isoformat(),
            "source": e.source,
            "completed_at": e.completed_at and e.completed_at.isoformat(),
            "completed_lessons": [
                {"lesson": c.lesson.title, "completed_at": c.completed_at.isoformat()}
                for c in e.completions.all()
            ],
        }
        for e in enrolments
    ]


def account_delete(user) -> None:
    """Course progress is personal learning data: it goes with the account."""
    user.course_enrolments.all().delete()


def dashboard_panel(request) -> dict | None:
    """ "My courses" on the learner's page, in a fixed number of queries."""
    from courses.models import CourseIndexPage
    from courses.selectors import enrolments_for_user

    return {
        "template": "courses/panel_my_courses.html",
        "enrolments": enrolments_for_user(request.user),
        "catalogue": CourseIndexPage.objects.live().first(),
    }
