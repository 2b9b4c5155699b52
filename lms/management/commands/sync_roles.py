from django.core.management.base import BaseCommand

from lms.roles import roles_sync


class Command(BaseCommand):
    help = "Create the role groups and give them their permissions (idempotent)."

    def handle(self, *args, **options):
        for name, group in roles_sync().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
