"""What the activities app adds to the core through ``lms.registry``."""


def dashboard_panel(request) -> dict | None:
    """A trainer's recent activity runs on "My page"."""
    from activities.models import ActivityRun

    user = request.user
    if not user.has_perm("lms.run_trainings"):
        return None
    runs = (
        ActivityRun.objects.controlled_by(user)
        .select_related("content", "training")
        .order_by("-created_at")[:5]
    )
    return {"template": "activities/panel.html", "runs": list(runs)}
