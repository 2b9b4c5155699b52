from .pages import CourseIndexPage, CourseModule, CoursePage, LessonPage, LessonQuiz
from .progress import (
    Enrolment,
    EnrolmentSource,
    ExerciseCompletion,
    LessonCompletion,
)

__all__ = [
    "CourseIndexPage",
    "CourseModule",
    "CoursePage",
    "Enrolment",
    "EnrolmentSource",
    "ExerciseCompletion",
    "LessonCompletion",
    "LessonPage",
    "LessonQuiz",
]
