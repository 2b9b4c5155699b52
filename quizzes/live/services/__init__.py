"""What changes a live session, one module per part of its life.

- ``sessions``: create a session, add a question, who may run it;
- ``control``: the trainers' actions and the question clock;
- ``joining``: phones become participants;
- ``answering``: answers checked, scored (``quizzes.scoring``) and stored.

Plain synchronous, keyword-only ``noun_verb`` functions: the websocket
consumers call them through ``database_sync_to_async``, the views and tests
call them directly. Each returns what changed; broadcasting is the caller's
job, after the commit. Import them from here: ``from quizzes.live import
services`` then ``services.session_control(...)``.
"""

from .answering import (
    TEXT_ANSWER_MAX,
    WORD_CLOUD_MAX,
    Stored,
    Submission,
    answer_normalise,
    answer_score,
    answers_store,
    session_scores,
)
from .control import ACTIONS, Change, session_control, timer_expire
from .errors import LiveError
from .joining import (
    NICKNAME_MAX,
    NICKNAME_TAKEN,
    SESSION_FULL,
    Joined,
    JoinRequest,
    max_guests,
    participant_join,
    participants_join,
)
from .sessions import (
    OPTIONS_MAX,
    CreatedSession,
    question_add,
    session_control_allowed,
    session_create,
)

__all__ = [
    "ACTIONS",
    "NICKNAME_MAX",
    "NICKNAME_TAKEN",
    "OPTIONS_MAX",
    "SESSION_FULL",
    "TEXT_ANSWER_MAX",
    "WORD_CLOUD_MAX",
    "Change",
    "CreatedSession",
    "JoinRequest",
    "Joined",
    "LiveError",
    "Stored",
    "Submission",
    "answer_normalise",
    "answer_score",
    "answers_store",
    "max_guests",
    "participant_join",
    "participants_join",
    "question_add",
    "session_control",
    "session_control_allowed",
    "session_create",
    "session_scores",
    "timer_expire",
]
