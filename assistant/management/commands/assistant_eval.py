import json

from django.core.management.base import BaseCommand

from assistant.evaluation.run import evaluate


class Command(BaseCommand):
    help = (
        "Run the assistant's evaluation set on the current content: top-1 and "
        "top-3 hit rates, unanswerable questions declined, answer times."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--misses", action="store_true", help="Also list the questions missed."
        )

    def handle(self, *args, **options):
        result = evaluate()
        if not options["misses"]:
            result.pop("misses")
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
