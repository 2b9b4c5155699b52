"""Read queries on courses: outlines with progress, dashboards, staff reports.

Each runs a fixed number of queries, whatever the number of lessons.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet

from courses.models import (
    CourseModule,
    CoursePage,
    Enrolment,
    ExerciseCompletion,
    LessonCompletion,
    LessonPage,
)
from exercises.models import CaseAttempt


def course_lessons(course: CoursePage, modules: list | None = None) -> list:
    """The live lessons in learning order: by module, then as in the page tree."""
    if modules is None:
        modules = list(course.modules.all())
    order = {m.pk: i for i, m in enumerate(modules)}
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    lessons.sort(key=lambda x: (order.get(x.module_id, len(order)), x.path))
    return lessons


@dataclass
class ModuleOutline:
    module: CourseModule | None
    lessons: list[LessonPage] = field(default_factory=list)


@dataclass
class Outline:
    course: CoursePage
    modules: list[ModuleOutline]
    lessons: list[LessonPage]
    enrolment: Enrolment | None
    completed_ids: set[int]

    @property
    def required(self) -> list[LessonPage]:
        return [lesson for lesson in self.lessons if lesson.required]

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.required if lesson.pk in self.completed_ids)

    @property
    def percent(self) -> int:
        total = len(self.required)
        return round(100 * self.done / total) if total else 0

    def next_lesson(self) -> LessonPage | None:
        """Where to resume: the first lesson not yet completed."""
        pending = [x for x in self.lessons if x.pk not in self.completed_ids]
        return pending[0] if pending else None

    def neighbours(self, lesson: LessonPage):
        ids = [x.pk for x in self.lessons]
        i = ids.index(lesson.pk) if lesson.pk in ids else -1
        previous = self.lessons[i - 1] if i > 0 else None
        following = self.lessons[i + 1] if 0 <= i < len(ids) - 1 else None
        return previous, following


def course_outline(course: CoursePage, user) -> Outline:
    """Modules, lessons and the learner's progress in four queries."""
    modules = list(course.modules.all())
    lessons = course_lessons(course, modules)
    enrolment = None
    completed: set[int] = set()
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment:
        completed = set(enrolment.completions.values_list("lesson_id", flat=True))
    by_module = {m.pk: ModuleOutline(m) for m in modules}
    loose = ModuleOutline(None)
    for lesson in lessons:
        by_module.get(lesson.module_id, loose).lessons.append(lesson)
    sections = [s for s in by_module.values() if s.lessons]
    if loose.lessons:
        sections.append(loose)
    return Outline(course, sections, lessons, enrolment, completed)


def required_lesson_counts(courses: list[CoursePage]) -> Counter:
    """Number of live required lessons per course id, in one query."""
    if not courses:
        return Counter()
    by_path = {c.path: c.pk for c in courses}
    condition = reduce(or_, (Q(path__startswith=p) for p in by_path))
    paths = (
        LessonPage.objects.live()
        .filter(condition, required=True)
        .values_list("path", flat=True)
    )
    return Counter(by_path[p[: -LessonPage.steplen]] for p in paths)


@dataclass
class EnrolmentProgress:
    enrolment: Enrolment
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def enrolments_with_progress(enrolments: QuerySet[Enrolment]) -> list:
    """Enrolments with completed and required lesson counts (three queries)."""
    enrolments = list(
        enrolments.select_related("course").annotate(
            done=Count(
                "completions",
                filter=Q(
                    completions__lesson__required=True,
                    completions__lesson__live=True,
                ),
            )
        )
    )
    totals = required_lesson_counts(list({e.course for e in enrolments}))
    return [EnrolmentProgress(e, e.done, totals[e.course_id]) for e in enrolments]


def enrolments_for_user(user) -> list[EnrolmentProgress]:
    return enrolments_with_progress(
        Enrolment.objects.filter(user=user, course__live=True).order_by(
            "completed_at", "-last_activity_at", "-enrolled_at"
        )
    )


def courses_for_index(index, user) -> list[CoursePage]:
    courses = list(CoursePage.objects.child_of(index).live().order_by("path"))
    enrolled = set()
    if user.is_authenticated:
        enrolled = set(
            Enrolment.objects.filter(user=user).values_list("course_id", flat=True)
        )
    for course in courses:
        course.is_enrolled = course.pk in enrolled
    return courses


def course_enrolments(course: CoursePage, *, system=None, institution=None):
    """A course's enrolments for staff, with each learner's profile."""
    enrolments = Enrolment.objects.filter(course=course).select_related(
        "user__profile__system",
        "user__profile__institution",
        "user__profile__municipality",
    )
    if system:
        enrolments = enrolments.filter(user__profile__system=system)
    if institution:
        enrolments = enrolments.filter(user__profile__institution=institution)
    return enrolments.order_by("user__last_name", "user__first_name", "pk")


@dataclass
class GroupRow:
    name: str
    enrolled: int = 0
    completed: int = 0


def progress_by(rows: list[EnrolmentProgress], attribute: str) -> list[GroupRow]:
    """Enrolled and completed learners per system or institution."""
    groups: dict[str, GroupRow] = {}
    for row in rows:
        value = getattr(getattr(row.enrolment.user, "profile", None), attribute, None)
        name = str(value) if value else "—"
        group = groups.setdefault(name, GroupRow(name))
        group.enrolled += 1
        group.completed += bool(row.enrolment.completed_at)
    return sorted(groups.values(), key=lambda g: (-g.enrolled, g.name))


def lesson_completion_ids(enrolment: Enrolment) -> set[int]:
    return set(
        LessonCompletion.objects.filter(enrolment=enrolment).values_list(
            "lesson_id", flat=True
        )
    )


@dataclass
class PracticeStatus:
    """An exercise or case study embedded in a lesson, for one learner."""

    kind: str  # "exercise" or "case"
    required: bool
    done: bool


def lesson_practice(enrolment: Enrolment | None, lesson: LessonPage) -> dict:
    """Block id → ``PracticeStatus`` of the lesson's exercises and case studies.

    At most two queries, whatever the number of blocks.
    """
    blocks = lesson.practice_blocks()
    if not blocks:
        return {}
    exercises = [b for b in blocks if b.block_type != "case_study"]
    cases = [b for b in blocks if b.block_type == "case_study" and b.value["case"]]
    done_blocks, done_cases = set(), set()
    if enrolment and exercises:
        done_blocks = set(
            ExerciseCompletion.objects.filter(
                enrolment=enrolment, lesson=lesson
            ).values_list("block_id", flat=True)
        )
    if enrolment and cases:
        done_cases = set(
            CaseAttempt.objects.filter(
                user_id=enrolment.user_id,
                case_id__in=[b.value["case"].pk for b in cases],
            ).values_list("case_id", flat=True)
        )
    status = {
        b.id: PracticeStatus("exercise", bool(b.value["required"]), b.id in done_blocks)
        for b in exercises
    }
    for b in cases:
        done = b.value["case"].pk in done_cases
        status[b.id] = PracticeStatus("case", bool(b.value["required"]), done)
    return status
