"""Import a sign-in sheet from the command line (administrators).

Without ``--confirm`` it is a preview: every row's outcome, nothing written.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from events.imports import ImportFileError, ImportTooLarge, participants_parse
from events.imports.services import participants_import
from events.models import TrainingPage
from events.services import RegistrationError
from lms.models import User


class Command(BaseCommand):
    help = (
        "Preview (or with --confirm, import) a participant list into a training; "
        "prints every row's outcome and the totals."
    )

    def add_arguments(self, parser):
        parser.add_argument("training", help="training id or slug")
        parser.add_argument("file", help="CSV, tab-separated text or XLSX")
        parser.add_argument(
            "--confirm", action="store_true", help="write (default: preview only)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--by", help="e-mail of the staff account recorded as checking people in"
        )

    def handle(self, *args, training, file, confirm, json: bool, by, **options):
        found = self._training(training)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}.")
        actor = self._actor(by)
        with translation.override("sr"):
            try:
                rows = participants_parse(name=path.name, data=path.read_bytes())
                result = participants_import(
                    training=found, rows=rows, by=actor, confirm=confirm
                )
            except ImportTooLarge as error:
                raise CommandError(error.message) from error
            except ImportFileError as error:
                raise CommandError(f"The file cannot be read: {error}") from error
            except RegistrationError as error:
                raise CommandError(" ".join(error.messages)) from error
            data = result.as_dict()
        if json:
            self.stdout.write(_dumps(data))
            return
        for row in data["rows"]:
            self.stdout.write(f"{row['row']:>5}  {row['outcome']:<9}  {row['reason']}")
        self.stdout.write(
            ", ".join(f"{k}: {v}" for k, v in data["totals"].items())
            + ("" if confirm else " (preview: nothing written; add --confirm)")
        )

    @staticmethod
    def _training(value: str) -> TrainingPage:
        lookup = {"pk": value} if value.isdigit() else {"slug": value}
        found = TrainingPage.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No training {value!r}.")
        return found

    @staticmethod
    def _actor(email: str | None) -> User:
        users = User.objects.filter(is_active=True)
        actor = (
            users.filter(email__iexact=email).first()
            if email
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("No staff account to record the import under (--by).")
        return actor


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
