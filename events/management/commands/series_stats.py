import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from events.stats.series import series_stats


class Command(BaseCommand):
    help = "Print the statistics of the trainings held in a year or a period."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int)
        parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat)
        parser.add_argument("--to", dest="end", type=datetime.date.fromisoformat)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, year, start, end, json: bool, **options):
        if year:
            start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if not (start and end):
            raise CommandError("Give --year, or --from and --to.")
        figures = series_stats(start=start, end=end).as_json()
        if json:
            self.stdout.write(_dumps(figures))
            return
        for key, value in figures.items():
            if not isinstance(value, list | dict):
                self.stdout.write(f"{key}: {value}")


def _dumps(figures: dict) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=2)
