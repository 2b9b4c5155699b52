"""What the quizzes app adds to the core through ``lms.registry``."""

from typing import Any

STAFF_PERMISSIONS = {
    f"quizzes.{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in ("question", "quiz", "topic")
}


def personal_data(user) -> list[dict[str, Any]]:
    """The person's quiz attempts and scores, for "Download my data"."""
    attempts = user.quiz_attempts.select_related("quiz").order_by("started_at")
    return [
        {
            "quiz": attempt.quiz.title,
            "number": attempt.number,
            "started_at": attempt.started_at.isoformat(),
            "submitted_at": attempt.submitted_at and attempt.submitted_at.isoformat(),
            "score_percent": attempt.percent,
            "passed": attempt.passed,
        }
        for attempt in attempts
    ]


def account_delete(user) -> None:
    """Attempts are personal learning data: they go with the account."""
    user.quiz_attempts.all().delete()
