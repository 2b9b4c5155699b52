import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from referrals.disclosure import protect
from referrals.stats import (
    impact_figures,
    municipality_districts,
    towns_newly_referring,
    training_windows,
)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Exact impact figures of referrals sent in a period (for the administrator)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--suppressed",
            action="store_true",
            help='show what the Chamber sees: small counts as "< 3", "*" where '
            "a small count could be worked out by subtraction",
        )
        parser.add_argument(
            "--trainings",
            action="store_true",
            help="add referrals 3/6/12 months before and after each training",
        )

    def handle(self, *args, start, end, **options):
        start, end = _date(start), _date(end)
        if end < start:
            raise CommandError("--to is before --from")
        figures = impact_figures(start=start, end=end)
        if options["trainings"]:
            figures["trainings"] = training_windows()
            figures["new_towns"] = towns_newly_referring()
        if options["suppressed"]:
            figures = protect(figures, municipality_districts())
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        for key in ("referrals", "referrals_from_trained", "referrals_from_others"):
            self.stdout.write(f"{key}: {figures[key]}")
        for key in (
            "by_month",
            "by_municipality",
            "by_system",
            "by_institution_type",
            "identified",
            "helped",
            "outcomes",
        ):
            self.stdout.write(f"{key}: {json.dumps(figures[key], ensure_ascii=False)}")
