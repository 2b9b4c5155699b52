import logging
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from lms.roles import roles_sync


class Command(BaseCommand):
    help = (
        "Load the demo content (idempotent). Every app with a ``demo`` module "
        "adds its own content through ``load_demo(stdout)``."
    )

    def handle(self, *args, **options):
        # Thousands of demo registrations need no per-row log lines.
        logging.disable(logging.INFO)
        try:
            self._load()
        finally:
            logging.disable(logging.NOTSET)

    def _load(self):
        roles_sync()
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if not app_config.name.startswith("wagtail") and find_spec(module_name):
                self.stdout.write(self.style.MIGRATE_HEADING(app_config.verbose_name))
                import_module(module_name).load_demo(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
