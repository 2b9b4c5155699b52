"""What the exercises app adds to the core through ``lms.registry``.

Attempts are deleted with the account (``on_delete=CASCADE``); nothing of
them must be kept.
"""

from typing import Any


def personal_data(user) -> dict[str, Any]:
    """The person's practice, for "Download my data" (ids and levels only)."""
    return {
        "case_studies": [
            {
                "case": a.case.title,
                "level": a.level,
                "expected_level": a.expected_level,
                "indicator_ids": a.indicator_ids,
                "step_ids": a.step_ids,
                "at": a.created_at.isoformat(),
            }
            for a in user.case_attempts.select_related("case")
        ],
        "screening": [
            {
                "set": a.indicator_set_id,
                "level": a.level,
                "at": a.created_at.isoformat(),
            }
            for a in user.screening_attempts.all()
        ],
        "exercises": [
            {"exercise": r.kind, "result": r.result, "at": r.created_at.isoformat()}
            for r in user.exercise_responses.all()
        ],
    }


def dashboard_panel(request) -> dict | None:
    """Links to practice on "My page", and the statistics for trainers."""
    from exercises.selectors import case_studies_live

    return {
        "template": "exercises/panel.html",
        "recent": request.user.case_attempts.select_related("case")[:3],
        "has_cases": case_studies_live().exists(),
        "can_see_statistics": request.user.has_perm("lms.access_staff_area"),
    }


def run_join_url(code: str) -> str | None:
    """A live exercise run open with this code, for the room's join page."""
    from exercises.live import join_url

    return join_url(code)
