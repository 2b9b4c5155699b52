"""Sessions: creating one (from a quiz or empty) and adding questions to it."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lms import registry
from quizzes.models import (
    LiveKind,
    LiveQuestion,
    LiveSession,
    Phase,
    QuestionKind,
    Quiz,
)
from quizzes.models.live import CHOICE_KINDS, new_join_code

from .errors import LiveError

OPTIONS_MAX = 12

# Bank kinds that can be played live, and what they become.
_FROM_BANK = {
    QuestionKind.SINGLE: LiveKind.SINGLE,
    QuestionKind.MULTIPLE: LiveKind.MULTIPLE,
    QuestionKind.TRUE_FALSE: LiveKind.TRUE_FALSE,
    QuestionKind.SHORT_TEXT: LiveKind.SHORT_TEXT,
}


@dataclass
class CreatedSession:
    session: LiveSession
    skipped: list[str] = field(default_factory=list)


def _unique_code() -> str:
    return registry.unused_join_code(
        new_join_code, lambda code: LiveSession.objects.filter(code=code).exists()
    )


@transaction.atomic
def session_create(
    *,
    user,
    title: str,
    quiz: Quiz | None = None,
    training=None,
    mode: str = "quiz",
    allow_guests: bool = True,
    show_leaderboard: bool = True,
) -> CreatedSession:
    """A new session in the lobby, with the quiz's questions copied in."""
    session = LiveSession.objects.create(
        code=_unique_code(),
        title=title,
        quiz=quiz,
        training=training,
        mode=mode,
        allow_guests=allow_guests,
        show_leaderboard=show_leaderboard and mode == "quiz",
        created_by=user if user and user.is_authenticated else None,
    )
    created = CreatedSession(session)
    if quiz is None:
        return created
    position = 0
    placements = quiz.quiz_questions.select_related("question").prefetch_related(
        "question__options"
    )
    questions = []
    for placement in placements:
        bank = placement.question
        kind = _FROM_BANK.get(bank.kind)
        if kind is None:
            created.skipped.append(bank.text)
            continue
        position += 1
        questions.append(
            LiveQuestion(
                session=session,
                position=position,
                kind=kind,
                text=bank.text,
                options=[
                    {"id": option.pk, "text": option.text, "correct": option.is_correct}
                    for option in bank.options.all()
                ],
                accepted_answers=bank.accepted_answer_list,
                explanation=bank.explanation,
                points=placement.points,
                source=bank,
            )
        )
    LiveQuestion.objects.bulk_create(questions)
    return created


def question_add(
    *,
    session: LiveSession,
    kind: str,
    text: str,
    options: list[str] | None = None,
    correct: list[int] | None = None,
    points: int = 1,
    time_limit: int | None = None,
    scale_max: int = 5,
) -> LiveQuestion:
    """A question made on the spot, added at the end of the session."""
    if session.phase == Phase.FINISHED:
        raise LiveError("finished", _("The session has finished."))
    correct = set(correct or [])
    option_list = []
    if kind in CHOICE_KINDS:
        texts = [t.strip() for t in options or [] if t and t.strip()]
        if kind == LiveKind.TRUE_FALSE and not texts:
            texts = [str(_("True")), str(_("False"))]
        option_list = [
            {"id": number, "text": value, "correct": number in correct}
            for number, value in enumerate(texts[:OPTIONS_MAX], start=1)
        ]
    with transaction.atomic():
        # Two trainers adding a question at once must not take one position.
        LiveSession.objects.select_for_update().filter(pk=session.pk).first()
        last = session.questions.aggregate(last=Max("position"))["last"] or 0
        return LiveQuestion.objects.create(
            session=session,
            position=last + 1,
            kind=kind,
            text=text,
            options=option_list,
            points=points if correct else 0,
            time_limit=time_limit,
            scale_max=scale_max,
        )


def session_control_allowed(*, session: LiveSession, user) -> bool:
    """Whether ``user`` may run ``session`` (its trainers and staff)."""
    if not user or not user.is_authenticated:
        return False
    return LiveSession.objects.controlled_by(user).filter(pk=session.pk).exists()
