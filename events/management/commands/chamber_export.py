from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from events.exports.chamber import (
    NotAccredited,
    chamber_export_build,
    chamber_export_log,
)
from events.models import ExportKind, TrainingPage


class Command(BaseCommand):
    help = "Write a training's Chamber of Social Protection package (ZIP) to DIR."

    def add_arguments(self, parser):
        parser.add_argument("training", help="training id or slug")
        parser.add_argument("--out", default=".", help="directory (default: .)")
        parser.add_argument(
            "--kind",
            choices=ExportKind.values,
            default=ExportKind.PACKAGE_ZIP,
            help="one file instead of the whole ZIP",
        )

    def handle(self, *args, training, out, kind, **options):
        lookup = {"pk": training} if training.isdigit() else {"slug": training}
        found = TrainingPage.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No training {training!r}.")
        with translation.override("sr"):
            try:
                export = chamber_export_build(training=found, kind=kind)
            except NotAccredited as error:
                raise CommandError(str(error)) from error
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / export.name
        path.write_bytes(export.content)
        chamber_export_log(training=found, kind=kind, via="command")
        self.stdout.write(str(path))
