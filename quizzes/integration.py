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


def live_personal_data(user) -> list[dict[str, Any]]:
    """Live sessions the person took part in, with their answers."""
    participations = user.live_participations.select_related("session").order_by(
        "joined_at"
    )
    return [
        {
            "session": participation.session.title,
            "joined_at": participation.joined_at.isoformat(),
            "nickname": participation.nickname,
            "answers": [
                {
                    "question": answer.question.text,
                    "response": answer.response,
                    "points": answer.points,
                }
                for answer in participation.answers.select_related("question")
            ],
        }
        for participation in participations
    ]


def live_account_delete(user) -> None:
    """A deleted account's live answers stay in the totals, without a name."""
    from django.utils.translation import gettext

    for participation in user.live_participations.all():
        participation.user = None
        participation.nickname = gettext("(deleted)")
        # Unique among the session's guests, which it now is one of.
        participation.nickname_key = f"deleted {participation.pk}"
        participation.save(update_fields=["user", "nickname", "nickname_key"])


def live_dashboard_panel(request) -> dict | None:
    """A trainer's live sessions on "My page"."""
    from quizzes.models import LiveSession

    user = request.user
    if not user.has_perm("lms.run_trainings"):
        return None
    sessions = (
        LiveSession.objects.controlled_by(user)
        .select_related("training")
        .order_by("-created_at")[:5]
    )
    return {"template": "quizzes/panel_live.html", "sessions": list(sessions)}


def live_join_url(code: str) -> str | None:
    """The phone page of the live session with this join code."""
    from django.urls import reverse

    from quizzes.models import LiveSession

    code = code.upper()
    if LiveSession.objects.filter(code=code).exists():
        return reverse("quizzes:live_play", args=[code])
    return None
