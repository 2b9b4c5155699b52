"""Reactions to other apps: quizzes passed, training registrations, publishing."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import CoursePage, LessonPage
from quizzes.signals import attempt_submitted


@receiver(attempt_submitted)
def attempt_submitted_complete_lessons(sender, attempt, **kwargs):
    from courses.services import quiz_passed

    quiz_passed(attempt=attempt)


@receiver(post_save, sender="events.Registration")
def registration_saved_enrol(sender, instance, raw=False, **kwargs):
    """Registrants of a training are enrolled in the courses attached to it."""
    if raw:  # loading a fixture or a backup: its enrolments come with it
        return
    if not instance.is_confirmed or not instance.user_id:
        return
    from courses.models import EnrolmentSource
    from courses.services import enrolment_create

    for course in CoursePage.objects.live().filter(training_id=instance.training_id):
        enrolment_create(
            course=course, user=instance.user, source=EnrolmentSource.TRAINING
        )


@receiver(page_published, sender=CoursePage)
def course_published_enrol(sender, instance, **kwargs):
    from courses.services import training_registrants_enrol

    training_registrants_enrol(course=instance)


@receiver(page_published, sender=LessonPage)
def lesson_published_sync_quizzes(sender, instance, **kwargs):
    from courses.services import lesson_quizzes_sync

    lesson_quizzes_sync(lesson=instance)
