from .attendance import Attendance
from .evaluations import (
    FREE_TEXT_FIELDS,
    FREE_TEXT_ITEMS,
    RATED_FIELDS,
    RATED_ITEMS,
    ChamberExportLog,
    EvaluationForm,
    EvaluationResponse,
    EvaluationSubmission,
    EvaluationTemplate,
    EvaluationTemplateQuestion,
    ExportKind,
    QuestionKind,
)
from .pages import (
    CALENDAR_FIELDS,
    NOTICE_FIELDS,
    TrainingIndexPage,
    TrainingPage,
    TrainingStatus,
)
from .registrations import (
    ConsentSource,
    ParticipationForm,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from .trainers import TrainerProfile

__all__ = [
    "Attendance",
    "FREE_TEXT_FIELDS",
    "FREE_TEXT_ITEMS",
    "RATED_FIELDS",
    "RATED_ITEMS",
    "ChamberExportLog",
    "EvaluationForm",
    "EvaluationResponse",
    "EvaluationSubmission",
    "EvaluationTemplate",
    "EvaluationTemplateQuestion",
    "ExportKind",
    "QuestionKind",
    "CALENDAR_FIELDS",
    "ConsentSource",
    "NOTICE_FIELDS",
    "ParticipationForm",
    "Registration",
    "RegistrationSource",
    "RegistrationStatus",
    "TrainerProfile",
    "TrainingIndexPage",
    "TrainingPage",
    "TrainingStatus",
]
