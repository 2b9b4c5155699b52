from django.core.management.base import BaseCommand

from lms.periodic import periodic_run_due


class Command(BaseCommand):
    help = "Enqueue the periodic tasks that are due (or all with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, force=False, **options):
        names = periodic_run_due(force=force)
        self.stdout.write(", ".join(names) if names else "nothing due")
