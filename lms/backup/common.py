"""What the backup and the restore share: the archive's layout and names."""

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "lms-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
# Derived or transient tables: not in the archive; the restore empties them and
# rebuilds what needs rebuilding.
DERIVED = {
    "contenttypes.contenttype": "created by migrate; referred to by natural key",
    "auth.permission": "created by migrate; referred to by natural key",
    "sessions.session": "everyone logs in again",
    "wagtailsearch.indexentry": "rebuilt by update_index",
    "wagtailsearch.sqliteftsindexentry": "rebuilt by update_index",
    "wagtailcore.referenceindex": "rebuilt by rebuild_references_index",
    "wagtailimages.rendition": "image sizes are rendered again on demand",
    "wagtailadmin.editingsession": "who has an admin page open right now",
    "wagtailcore.uploadedfile": "unfinished admin uploads",
    "django_tasks_database.dbtaskresult": "the task queue and its results",
}
KEPT_ON_RESTORE = {"contenttypes.contenttype", "auth.permission"}
NATURAL_KEYS = (ContentType, Permission)
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be written or an archive that cannot be restored."""


@dataclass
class Summary:
    path: Path
    objects: int = 0
    files: int = 0
    bytes: int = 0
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied
