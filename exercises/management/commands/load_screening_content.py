from django.apps import apps
from django.core.management.base import BaseCommand

from exercises.reference_data import load_screening_content


class Command(BaseCommand):
    help = (
        "Add the default indicator sets, dimensions, next steps and screening "
        "rule where they are missing (never overwrites staff edits)."
    )

    def handle(self, *args, **options):
        added = load_screening_content(apps)
        self.stdout.write(", ".join(f"{key}: {n}" for key, n in added.items()))
