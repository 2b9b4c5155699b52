from django.core.management.base import BaseCommand

from assistant.services import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the assistant's index of passages from every registered source."

    def handle(self, *args, **options):
        count = index_rebuild()
        self.stdout.write(f"{count} passages indexed")
