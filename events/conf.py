"""Settings of the events app, with their defaults (override in settings)."""

from django.conf import settings


def evaluation_open_days() -> int:
    """Days the questionnaire stays open after a training (EVALUATION_OPEN_DAYS)."""
    return getattr(settings, "EVALUATION_OPEN_DAYS", 14)


def evaluation_min_answers() -> int:
    """The fewest answers for which results are shown (EVALUATION_MIN_ANSWERS).

    Results of a smaller group could tell who answered what.
    """
    return getattr(settings, "EVALUATION_MIN_ANSWERS", 5)
