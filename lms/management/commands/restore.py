from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty, freshly migrated "
        "database (with --force, replace whatever the database holds)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data of a database that is not empty",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            summary = backup_restore(path=archive, force=force, stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in summary.warnings:
            self.stderr.write(warning)
        for name in summary.missing:
            self.stderr.write(f"not in the backup (was missing): {name}")
        self.stdout.write(
            f"Restored {summary.objects} rows and {summary.files} files "
            f"from {summary.path}."
        )
