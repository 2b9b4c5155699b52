from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from lms.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load districts, municipalities, systems and institutions (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_reference_data(apps)
        self.stdout.write(
            ", ".join(f"{name}: {count}" for name, count in counts.items())
        )
