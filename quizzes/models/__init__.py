from .attempts import Answer, Attempt
from .live import (
    LiveAnswer,
    LiveKind,
    LiveMode,
    LiveParticipant,
    LiveQuestion,
    LiveSession,
    Moderation,
    Phase,
)
from .questions import Option, Question, QuestionKind, Topic
from .quizzes import FeedbackMode, Quiz, QuizKind, QuizQuestion

__all__ = [
    "Answer",
    "Attempt",
    "FeedbackMode",
    "LiveAnswer",
    "LiveKind",
    "LiveMode",
    "LiveParticipant",
    "LiveQuestion",
    "LiveSession",
    "Moderation",
    "Phase",
    "Option",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizKind",
    "QuizQuestion",
    "Topic",
]
