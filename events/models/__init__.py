from .pages import CALENDAR_FIELDS, TrainingIndexPage, TrainingPage, TrainingStatus
from .registrations import (
    ParticipationForm,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from .trainers import TrainerProfile

__all__ = [
    "CALENDAR_FIELDS",
    "ParticipationForm",
    "Registration",
    "RegistrationSource",
    "RegistrationStatus",
    "TrainerProfile",
    "TrainingIndexPage",
    "TrainingPage",
    "TrainingStatus",
]
