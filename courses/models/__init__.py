from .pages import CourseIndexPage, CourseModule, CoursePage, LessonPage, LessonQuiz
from .progress import Enrolment, EnrolmentSource, LessonCompletion

__all__ = [
    "CourseIndexPage",
    "CourseModule",
    "CoursePage",
    "Enrolment",
    "EnrolmentSource",
    "LessonCompletion",
    "LessonPage",
    "LessonQuiz",
]
