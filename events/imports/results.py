"""The outcome of every row of an import (or of its preview), for staff."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CREATED, UPDATED, DUPLICATE, ERROR = "created", "updated", "duplicate", "error"


@dataclass
class RowOutcome:
    row: int
    outcome: str = CREATED
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    name: str = ""
    email: str = ""

    def as_dict(self) -> dict:
        reasons = [r for r in (self.reason, *self.warnings) if r]
        return {
            "row": self.row,
            "outcome": self.outcome,
            "reason": "; ".join(reasons),
            "warnings": self.warnings,
            "name": self.name,
            "email": self.email,
        }


@dataclass
class ImportResult:
    rows: list[RowOutcome]
    confirmed: bool
    attendance: bool  # the training is over: "attended" creates check-ins

    @property
    def totals(self) -> dict[str, int]:
        totals = {CREATED: 0, UPDATED: 0, DUPLICATE: 0, ERROR: 0, "warning": 0}
        for row in self.rows:
            totals[row.outcome] += 1
            totals["warning"] += bool(row.warnings)
        totals["rows"] = len(self.rows)
        return totals

    def as_dict(self) -> dict:
        return {
            "confirmed": self.confirmed,
            "rows": [row.as_dict() for row in self.rows],
            "totals": self.totals,
        }


def outcome_label(outcome: str, *, confirmed: bool) -> str:
    """The outcome as staff read it: in the future in the preview."""
    if confirmed:
        labels = {
            CREATED: _("registered"),
            UPDATED: _("updated"),
            DUPLICATE: _("unchanged (duplicate)"),
            ERROR: _("not imported"),
        }
    else:
        labels = {
            CREATED: _("will be registered"),
            UPDATED: _("will be updated"),
            DUPLICATE: _("unchanged (duplicate)"),
            ERROR: _("will not be imported"),
        }
    return labels[outcome]


def result_for_report(result: ImportResult) -> dict:
    """The result as plain data (kept in the cache for the report download)."""
    data = result.as_dict()
    for row in data["rows"]:
        row["outcome_label"] = outcome_label(row["outcome"], confirmed=result.confirmed)
    return data
