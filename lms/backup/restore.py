"""Restoring a backup: verify everything, then load in one transaction."""

import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connections,
    transaction,
)
from django.utils.translation import gettext as _

from .common import (
    CHUNK,
    DATABASE,
    FORMAT,
    FORMAT_VERSION,
    KEPT_ON_RESTORE,
    MANIFEST,
    BackupError,
    Summary,
    applied_migrations,
)


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
    here = applied_migrations(using)
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
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with pending deferred checks (writes earlier
        # in an enclosing transaction): run them now, defer again for the load.
        statements = [
            "SET CONSTRAINTS ALL IMMEDIATE",
            *statements,
            "SET CONSTRAINTS ALL DEFERRED",
        ]
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
        try:
            model = apps.get_model(label)
        except LookupError as error:
            raise BackupError(
                _("The database in the archive could not be loaded: %(error)s")
                % {"error": error}
            ) from error
        found = model._base_manager.using(using).count()
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
    # Natural keys are resolved through this process-wide cache: it must show
    # this database's content types, whatever ran in this process before.
    ContentType.objects.clear_cache()
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
