"""Questions added, opened and answered through the services, as a control would."""

import pytest

from quizzes.live import services
from quizzes.live.services import LiveError


def add(session, kind, **fields):
    defaults = {"text": f"Питање ({kind})"}
    if kind in ("single", "multiple"):
        defaults.update(options=["Прво", "Друго", "Треће"], correct=[1])
    return services.question_add(session=session, kind=kind, **{**defaults, **fields})


def opened(session, question, user=None):
    """Put ``question`` on the screen and open answering."""
    user = user or session.created_by
    services.session_control(
        session_id=session.pk, user=user, action="show", data={"question": question.pk}
    )
    services.session_control(session_id=session.pk, user=user, action="open")
    question.refresh_from_db()
    return question


def refused(question, response) -> str:
    with pytest.raises(LiveError) as error:
        services.answer_normalise(question=question, response=response)
    return error.value.code
