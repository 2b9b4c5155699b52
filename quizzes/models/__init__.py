from .attempts import Answer, Attempt
from .questions import Option, Question, QuestionKind, Topic
from .quizzes import FeedbackMode, Quiz, QuizKind, QuizQuestion

__all__ = [
    "Answer",
    "Attempt",
    "FeedbackMode",
    "Option",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizKind",
    "QuizQuestion",
    "Topic",
]
