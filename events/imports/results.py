"""The outcome of every row of an import (or of its preview), for staff."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CREATED, UPDATED, DUPLICATE, ERROR = "created", "updated", "duplicate", "error"
# A row imported (created or updated) with something staff should look at.
WARNING = "warning"
OUTCOMES = (CREATED, UPDATED, DUPLICATE, ERROR, WARNING)


@dataclass
class RowOutcome:
    row: int
    outcome: str = CREATED
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    name: str = ""
    email: str = ""

    @property
    def shown(self) -> str:
        """The outcome staff see: a row written with warnings is a "warning"
        (it is still imported; ``action`` says how)."""
        if self.warnings and self.outcome in (CREATED, UPDATED):
            return WARNING
        return self.outcome

    def as_dict(self) -> dict:
        reasons = [r for r in (self.reason, *self.warnings) if r]
        return {
            "row": self.row,
            "outcome": self.shown,
            "action": self.outcome,
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
        """Rows per outcome (they add up to ``rows``), and how many will be or
        were written (created, updated or imported with warnings)."""
        totals = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            totals[row.shown] += 1
        totals["rows"] = len(self.rows)
        totals["imported"] = sum(row.outcome in (CREATED, UPDATED) for row in self.rows)
        return totals

    def as_dict(self) -> dict:
        return {
            "confirmed": self.confirmed,
            "rows": [row.as_dict() for row in self.rows],
            "totals": self.totals,
        }


def outcome_label(outcome: str, *, confirmed: bool, action: str = "") -> str:
    """The outcome as staff read it: in the future in the preview."""
    if outcome == WARNING:
        done = outcome_label(action or CREATED, confirmed=confirmed)
        return _("%(done)s, with warnings") % {"done": done}
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
        row["outcome_label"] = outcome_label(
            row["outcome"], confirmed=result.confirmed, action=row["action"]
        )
    return data
