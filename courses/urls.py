from django.urls import path

from courses.views import staff

app_name = "courses"

urlpatterns = [
    path("kursevi-napredak/", staff.course_list, name="staff_courses"),
    path("kursevi-napredak/<int:course_id>/", staff.course_progress, name="progress"),
    path(
        "kursevi-napredak/<int:course_id>/napredak.xlsx",
        staff.course_progress_export,
        name="progress_export",
    ),
]
