"""The Chamber of Social Protection's licence-point defaults.

The table is copied from the Chamber's licensing rulebook into
``events/data/licence-points.json``; the Chamber's decision for each training
may set other points, so these are only the defaults an editor starts from.
"""

import json
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data" / "licence-points.json"
DEFAULT_CATEGORY = "tribune_round_table"


class ActivityCategory(models.TextChoices):
    INTERNATIONAL_CONFERENCE = (
        "international_conference",
        _("international congress / conference"),
    )
    NATIONAL_CONFERENCE = "national_conference", _("national congress / conference")
    TRAINING_WITH_TEST = "training_with_test", _("training with a knowledge test")
    TRAINING_WITHOUT_TEST = "training_without_test", _("training without a test")
    TRIBUNE_ROUND_TABLE = (
        "tribune_round_table",
        _("tribune / round table / expert meeting"),
    )
    PROJECT = "project", _("project")


@cache
def points_table() -> dict[str, dict[str, int]]:
    """Points by category key and role key, as in the Chamber's rulebook."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {row["key"]: row["roles"] for row in data["categories"]}


def default_points(category: str = DEFAULT_CATEGORY) -> dict[str, int]:
    """Points per participation form for ``category`` (0 where the row has none)."""
    roles = points_table().get(category, {})
    return {
        "passive": roles.get("passive", roles.get("participant", 0)),
        "active": roles.get("active", roles.get("participant", 0)),
        "moderator": roles.get("moderator", 0),
        "lecturer": roles.get("organiser_or_lecturer", roles.get("lecturer", 0)),
    }
