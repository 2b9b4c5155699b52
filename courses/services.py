"""Operations that change enrolment and progress in a course."""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from certificates.services import course_certificate_issue
from courses.models import (
    CoursePage,
    Enrolment,
    EnrolmentSource,
    ExerciseCompletion,
    LessonCompletion,
    LessonPage,
    LessonQuiz,
)
from courses.selectors import lesson_completion_ids, lesson_practice
from exercises.services import exercise_response_record
from quizzes.selectors import passed_quiz_ids


class CourseError(Exception):
    """The message is for the learner."""


def enrolment_create(
    *, course: CoursePage, user, source: str = EnrolmentSource.SELF
) -> Enrolment:
    """Enrol the learner (idempotent: an existing enrolment is returned)."""
    if source == EnrolmentSource.SELF and not course.self_enrolment:
        raise CourseError(_("This course is open only to the training's registrants."))
    try:
        with transaction.atomic():
            enrolment, _created = Enrolment.objects.get_or_create(
                user=user, course=course, defaults={"source": source}
            )
    except IntegrityError:  # enrolled at the same moment from another tab
        enrolment = Enrolment.objects.get(user=user, course=course)
    return enrolment


def lesson_quizzes_sync(*, lesson: LessonPage) -> None:
    """Keep ``LessonQuiz`` in step with the quiz blocks of the lesson's body.

    Called when a lesson is published (``courses.signals``) and by code that
    creates live lessons directly: a draft does not change which quizzes count.
    """
    quizzes = dict(lesson.embedded_quizzes())
    LessonQuiz.objects.filter(lesson=lesson).exclude(quiz_id__in=quizzes).delete()
    for quiz_id, required in quizzes.items():
        LessonQuiz.objects.update_or_create(
            lesson=lesson, quiz_id=quiz_id, defaults={"required": required}
        )


def training_registrants_enrol(*, course: CoursePage) -> int:
    """Enrol the confirmed registrants of the course's training."""
    if not course.training_id:
        return 0
    from events.models import Registration, RegistrationStatus

    users = Registration.objects.filter(
        training_id=course.training_id,
        status=RegistrationStatus.CONFIRMED,
        user__isnull=False,
    ).values_list("user_id", flat=True)
    existing = set(course.enrolments.values_list("user_id", flat=True))
    new = [
        Enrolment(user_id=u, course=course, source=EnrolmentSource.TRAINING)
        for u in users
        if u not in existing
    ]
    Enrolment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def lesson_visit(*, enrolment: Enrolment, lesson: LessonPage) -> None:
    """Remember where the learner is, to resume there."""
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_lesson=lesson, last_activity_at=timezone.now()
    )


def missing_quizzes(*, enrolment: Enrolment, lesson: LessonPage) -> list:
    required = [
        lq.quiz
        for lq in LessonQuiz.objects.filter(
            lesson=lesson, required=True
        ).select_related("quiz")
    ]
    passed = passed_quiz_ids(user=enrolment.user, quiz_ids=[q.pk for q in required])
    return [quiz for quiz in required if quiz.pk not in passed]


def missing_practice(*, enrolment: Enrolment, lesson: LessonPage) -> list[str]:
    """Ids of the lesson's required exercises and case studies not done yet."""
    practice = lesson_practice(enrolment, lesson)
    return [key for key, s in practice.items() if s.required and not s.done]


def lesson_exercise_answer(
    *, enrolment: Enrolment, lesson: LessonPage, block, data
) -> dict:
    """Grade an exercise embedded in the lesson and return its feedback.

    The exercises app keeps the structured result, as on its own pages; the
    exercise counts as done once answered (a role play: once it has ended).
    """
    feedback, result = block.block.grade(block.value, data)
    exercise_response_record(
        page=lesson,
        block_id=block.id,
        kind=block.block.kind,
        user=enrolment.user,
        result=result,
        run=None,
    )
    if result and feedback.get("ended", True):
        ExerciseCompletion.objects.bulk_create(
            [ExerciseCompletion(enrolment=enrolment, lesson=lesson, block_id=block.id)],
            ignore_conflicts=True,
        )
    return feedback


@transaction.atomic
def lesson_complete(*, enrolment: Enrolment, lesson: LessonPage) -> LessonCompletion:
    """Mark a lesson complete: its required quizzes must be passed first."""
    if lesson.get_parent().pk != enrolment.course_id:
        raise CourseError(_("This lesson is not part of the course."))
    if missing_quizzes(enrolment=enrolment, lesson=lesson):
        raise CourseError(_("Pass the lesson's quiz to complete the lesson."))
    if missing_practice(enrolment=enrolment, lesson=lesson):
        raise CourseError(_("Do the lesson's exercise to complete the lesson."))
    completion, _created = LessonCompletion.objects.get_or_create(
        enrolment=enrolment, lesson=lesson
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=timezone.now())
    course_completion_check(enrolment=enrolment)
    return completion


def course_completion_check(*, enrolment: Enrolment) -> bool:
    """Complete the course when every required live lesson is completed."""
    enrolment.refresh_from_db(fields=["completed_at"])
    if enrolment.completed_at:
        return True
    required = set(
        LessonPage.objects.child_of(enrolment.course)
        .live()
        .filter(required=True)
        .values_list("pk", flat=True)
    )
    if required <= lesson_completion_ids(enrolment):
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
        # After commit: no certificate for a completion that was rolled back.
        # Robust: if issuing fails, the course page issues it on first request.
        issue = partial(course_certificate, enrolment=enrolment)
        transaction.on_commit(issue, robust=True)
        return True
    return False


def course_certificate(*, enrolment: Enrolment, notify: bool = True) -> Certificate:
    """The learner's certificate of completion of the course (issued once)."""
    if enrolment.completed_at is None:
        raise CourseError(_("The course is not completed yet."))
    return course_certificate_issue(
        user=enrolment.user,
        course=enrolment.course,
        completed_at=enrolment.completed_at,
        notify=notify,
    )


def quiz_passed(*, attempt) -> int:
    """A passed quiz completes the lessons it ends, where nothing else is missing.

    Returns the number of lessons completed.
    """
    if not attempt.passed:
        return 0
    completed = 0
    links = LessonQuiz.objects.filter(quiz_id=attempt.quiz_id, required=True)
    for link in links.select_related("lesson"):
        enrolment = Enrolment.objects.filter(
            user_id=attempt.user_id, course_id=link.lesson.get_parent().pk
        ).first()
        if enrolment is None or not link.lesson.live:
            continue
        try:
            lesson_complete(enrolment=enrolment, lesson=link.lesson)
        except CourseError:
            continue
        completed += 1
    return completed
