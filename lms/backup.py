"""Backup and restore of a whole site in one archive.

A backup is a ``.tar.gz`` with:

- ``database.json``: every table as Django's portable JSON (any database engine
  reads it back), primary keys kept, content types and permissions by natural
  key (a fresh ``migrate`` numbers them its own way);
- ``media/<name>`` and ``private/<name>``: the public uploads and the private
  files (certificate PDFs) that the database refers to;
- ``manifest.json``: versions, applied migrations, row counts per model and the
  size and SHA-256 of every member.

Left out, because a restore rebuilds them or they need not survive: see
``DERIVED``. The restore refuses a damaged archive before it touches anything,
loads everything in one transaction, and checks the row counts before it
commits. For large installations use PostgreSQL's own tools (README).
"""

import hashlib
import io
import json
import platform
import tarfile
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connections,
    router,
    transaction,
)
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

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


class _Serializer(JsonSerializer):
    """Django's JSON, with natural keys only for content types and permissions.

    Every other row keeps its primary key, so generic relations (revisions, log
    entries, tags) and the page tree stay exactly as they were.
    """

    def start_serialization(self):
        super().start_serialization()
        self._natural: dict[tuple, list] = {}

    def _natural_key(self, model, pk) -> list:
        key = (model, pk)
        if key not in self._natural:
            if model is ContentType:
                found = ContentType.objects.get_for_id(pk)
            else:
                found = model._base_manager.select_related("content_type").get(pk=pk)
            self._natural[key] = list(found.natural_key())
        return self._natural[key]

    def handle_fk_field(self, obj, field):
        model = field.remote_field.model
        if model not in NATURAL_KEYS:
            return super().handle_fk_field(obj, field)
        pk = getattr(obj, field.attname)
        self._current[field.name] = None if pk is None else self._natural_key(model, pk)

    def handle_m2m_field(self, obj, field):
        model = field.remote_field.model
        if (
            model not in NATURAL_KEYS
            or not field.remote_field.through._meta.auto_created
        ):
            return super().handle_m2m_field(obj, field)
        pks = getattr(obj, field.name).values_list("pk", flat=True)
        self._current[field.name] = [self._natural_key(model, pk) for pk in pks]


def _models(using: str) -> list:
    """Every table Django manages here, parents before children."""
    connection = connections[using]
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.can_migrate(connection)
        and router.allow_migrate_model(using, model)
    ]


def _backed_up(using: str) -> list:
    return [m for m in _models(using) if m._meta.label_lower not in DERIVED]


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("django", "wagtail", "lms"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            continue
    return found


def _applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _storage_alias(file_field) -> str:
    return "private" if file_field.storage is storages["private"] else "default"


def _member(alias: str, name: str) -> str:
    return f"{'private' if alias == 'private' else 'media'}/{name}"


def _referenced_files(models) -> list[tuple[str, str]]:
    """(storage alias, name) of every file a backed-up row refers to."""
    found: set[tuple[str, str]] = set()
    for model in models:
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, FileField) and model_field.model is model:
                names = (
                    model._base_manager.exclude(**{model_field.attname: ""})
                    .exclude(**{f"{model_field.attname}__isnull": True})
                    .values_list(model_field.attname, flat=True)
                    .distinct()
                )
                alias = _storage_alias(model_field)
                found.update((alias, name) for name in names)
    return sorted(found)


class _Hashing(io.RawIOBase):
    """Reads through a file while counting its size and SHA-256."""

    def __init__(self, handle):
        self.handle, self.sha256, self.size = handle, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size=-1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add_file(archive: tarfile.TarFile, member: str, handle, size: int) -> dict:
    info = tarfile.TarInfo(member)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    reader = _Hashing(handle)
    archive.addfile(info, reader)
    if reader.size != size:
        raise BackupError(
            _("The file %(name)s changed while it was being copied.") % {"name": member}
        )
    return {"member": member, "bytes": size, "sha256": reader.sha256.hexdigest()}


def _dump_database(models, stream) -> Counter:
    counts: Counter = Counter()

    def rows():
        for model in models:
            for row in model._base_manager.order_by("pk").iterator(chunk_size=2000):
                counts[model._meta.label_lower] += 1
                yield row

    _Serializer().serialize(rows(), stream=stream, indent=None)
    return counts


def _snapshot(using: str, *, outermost: bool) -> None:
    """Make the whole backup one consistent picture of the database.

    On SQLite the transaction already is one (it holds the write lock); on
    PostgreSQL it must ask for it, as its first statement (inside a caller's
    transaction, such as a test's, the caller's snapshot applies).
    """
    connection = connections[using]
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def backup_create(*, out: Path, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the database and its files to ``out`` (a ``.tar.gz``).

    Written next to ``out`` under a temporary name and renamed at the end, so a
    failed backup never leaves a half-written archive under the real name.
    """
    out = Path(out)
    summary = Summary(path=out)
    partial = out.with_name(out.name + ".partial")
    manifest: dict = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "versions": _versions(),
        "excluded": DERIVED,
    }
    outermost = not connections[using].in_atomic_block
    with tempfile.TemporaryDirectory() as scratch, transaction.atomic(using=using):
        _snapshot(using, outermost=outermost)
        models = _backed_up(using)
        dump = Path(scratch) / DATABASE
        with dump.open("w", encoding="utf-8") as stream:
            counts = _dump_database(models, stream)
        manifest["database"] = {
            "vendor": connections[using].vendor,
            "counts": dict(sorted(counts.items())),
            "objects": sum(counts.values()),
        }
        manifest["migrations"] = _applied_migrations(using)
        summary.objects = sum(counts.values())
        files, missing = [], []
        with tarfile.open(partial, "w:gz") as archive:
            with dump.open("rb") as handle:
                manifest["database"].update(
                    _add_file(archive, DATABASE, handle, dump.stat().st_size)
                )
            for alias, name in _referenced_files(models):
                storage = storages[alias]
                try:
                    size = storage.size(name)
                    with storage.open(name, "rb") as handle:
                        entry = _add_file(archive, _member(alias, name), handle, size)
                except FileNotFoundError:
                    missing.append({"storage": alias, "name": name})
                    continue
                files.append({"storage": alias, "name": name, **entry})
            manifest["files"], manifest["missing_files"] = files, missing
            raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add_file(archive, MANIFEST, io.BytesIO(raw), len(raw))
    partial.replace(out)
    summary.files = len(files)
    summary.bytes = out.stat().st_size
    summary.missing = [f"{m['storage']}:{m['name']}" for m in missing]
    return summary


# --- Restore ---------------------------------------------------------------


def _damaged(detail: str) -> BackupError:
    return BackupError(
        _("The archive is damaged or is not a backup of this platform: %(detail)s")
        % {"detail": detail}
    )


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        handle = archive.extractfile(MANIFEST)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError) as error:
        raise _damaged(_("it has no readable manifest.")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(_("it has no readable manifest."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "This backup has format version %(found)s; this platform reads "
                "%(known)s."
            )
            % {"found": manifest.get("format_version"), "known": FORMAT_VERSION}
        )
    return manifest


def _expected_members(manifest: dict) -> dict[str, dict]:
    expected = {DATABASE: manifest["database"]}
    for entry in manifest.get("files", []):
        name = PurePosixPath(entry["name"])
        if (
            name.is_absolute()
            or ".." in name.parts
            or entry["storage"]
            not in (
                "default",
                "private",
            )
        ):
            raise _damaged(_("it names a file outside the media folders."))
        expected[entry["member"]] = entry
    return expected


def _verify(path: Path) -> dict:
    """Read the whole archive once: every member present, sizes and SHA-256 right."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = _manifest(archive)
            expected = _expected_members(manifest)
            seen = set()
            for member in archive:
                entry = expected.get(member.name)
                if entry is None:
                    continue
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                if (
                    member.size != entry["bytes"]
                    or digest.hexdigest() != entry["sha256"]
                ):
                    raise _damaged(
                        _("%(name)s does not match its checksum.")
                        % {"name": member.name}
                    )
                seen.add(member.name)
    except (
        OSError,
        EOFError,
        zlib.error,
        tarfile.TarError,
        KeyError,
        TypeError,
    ) as error:
        raise _damaged(str(error) or error.__class__.__name__) from error
    if absent := sorted(set(expected) - seen):
        raise _damaged(_("%(name)s is missing.") % {"name": absent[0]})
    return manifest


def database_is_empty(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Freshly migrated: no accounts and no pages under Wagtail's first page."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    return not (
        get_user_model()._base_manager.using(using).exists()
        or Page._base_manager.using(using).filter(depth__gt=2).exists()
    )


def _check_migrations(manifest: dict, using: str) -> list[str]:
    here = _applied_migrations(using)
    there = manifest.get("migrations", {})
    missing = sorted(
        f"{app}.{name}" for app, names in there.items() for name in names
        if name not in here.get(app, [])
    )  # fmt: skip
    if missing:
        raise BackupError(
            _(
                "The backup comes from a database with migrations this one has not "
                "applied (%(names)s). Run “migrate” with the platform version the "
                "backup was made with, or a newer one, first."
            )
            % {"names": ", ".join(missing[:5])}
        )
    newer = sorted(
        f"{app}.{name}" for app, names in here.items() for name in names
        if name not in there.get(app, [])
    )  # fmt: skip
    if newer:
        return [
            _("This database has newer migrations than the backup: %(names)s.")
            % {"names": ", ".join(newer[:5])}
        ]
    return []


def _empty_tables(using: str) -> None:
    connection = connections[using]
    kept = {apps.get_model(label)._meta.db_table for label in KEPT_ON_RESTORE}
    tables = [
        t
        for t in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if t not in kept
    ]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=False)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _load(archive: tarfile.TarFile, manifest: dict, using: str, scratch: Path):
    dump = scratch / DATABASE
    with archive.extractfile(DATABASE) as source, dump.open("wb") as target:
        while chunk := source.read(CHUNK):
            target.write(chunk)
    try:
        call_command("loaddata", str(dump), database=using, verbosity=0)
    except (DeserializationError, DatabaseError, ObjectDoesNotExist) as error:
        raise BackupError(
            _("The database in the archive could not be loaded: %(error)s")
            % {"error": error}
        ) from error
    counts = manifest["database"]["counts"]
    for label, expected in counts.items():
        found = apps.get_model(label)._base_manager.using(using).count()
        if found != expected:
            raise BackupError(
                _(
                    "After loading, %(model)s has %(found)s rows instead of "
                    "%(expected)s."
                )
                % {"model": label, "found": found, "expected": expected}
            )


def _write_files(archive: tarfile.TarFile, manifest: dict) -> int:
    wanted = {entry["member"]: entry for entry in manifest.get("files", [])}
    written = 0
    for member in archive:
        entry = wanted.get(member.name)
        if entry is None:
            continue
        storage = storages[entry["storage"]]
        if storage.exists(entry["name"]):
            storage.delete(entry["name"])
        with archive.extractfile(member) as handle:
            saved = storage.save(entry["name"], handle)
        if saved != entry["name"]:
            raise BackupError(
                _("The file %(name)s could not be written under its own name.")
                % {"name": entry["name"]}
            )
        written += 1
    return written


def _rebuild(stdout) -> None:
    """What the archive leaves out: cache table, search and reference indexes."""
    from django.core.cache import cache

    call_command("createcachetable", verbosity=0)
    cache.clear()
    call_command("update_index", verbosity=0, stdout=stdout)
    call_command("rebuild_references_index", verbosity=0, stdout=stdout)


def backup_restore(
    *, path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS, stdout=None
) -> Summary:
    """Replace this site's data with the archive's (into an empty database).

    Nothing is changed until the whole archive has been verified; the database
    is emptied and loaded in one transaction, so a failure leaves it as it was.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": path})
    manifest = _verify(path)
    summary = Summary(path=path)
    summary.warnings = _check_migrations(manifest, using)
    if not force and not database_is_empty(using):
        raise BackupError(
            _(
                "This database already has accounts or pages. Restore into an "
                "empty, freshly migrated database, or add --force to replace "
                "everything in it."
            )
        )
    call_command("createcachetable", verbosity=0)
    with (
        tempfile.TemporaryDirectory() as scratch,
        tarfile.open(path, "r:gz") as archive,
    ):
        with transaction.atomic(using=using):
            _empty_tables(using)
            _load(archive, manifest, using, Path(scratch))
            summary.files = _write_files(archive, manifest)
    summary.objects = manifest["database"]["objects"]
    summary.missing = [
        f"{m['storage']}:{m['name']}" for m in manifest.get("missing_files", [])
    ]
    _rebuild(stdout or io.StringIO())
    return summary
