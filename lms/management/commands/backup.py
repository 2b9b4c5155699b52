from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lms.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) with the database as portable JSON, the "
        "public media and the private files, and a manifest with checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            help="archive to write (default: backup-<date>-<time>.tar.gz here)",
        )

    def handle(self, *args, out: Path | None, **options):
        if out is None:
            out = Path(f"backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        if out.is_dir():
            raise CommandError(f"{out} is a folder; give the archive's file name.")
        if not out.parent.is_dir():
            raise CommandError(f"There is no folder {out.parent}.")
        try:
            summary = backup_create(out=out)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        for name in summary.missing:
            self.stderr.write(f"missing file (referred to, not found): {name}")
        self.stdout.write(
            f"{summary.path}: {summary.objects} rows, {summary.files} files, "
            f"{summary.bytes} bytes"
        )
