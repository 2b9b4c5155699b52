"""Writing a backup: the database dump, its files and the manifest."""

import hashlib
import io
import json
import platform
import tarfile
import tempfile
from collections import Counter
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import (
    DEFAULT_DB_ALIAS,
    connections,
    router,
    transaction,
)
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

from .common import (
    DATABASE,
    DERIVED,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    NATURAL_KEYS,
    BackupError,
    Summary,
    applied_migrations,
)


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


@contextmanager
def _snapshot(using: str):
    """One consistent picture of the database for the whole backup.

    PostgreSQL: a read-only repeatable-read transaction (asked for in its first
    statement). SQLite: a deferred transaction, which in WAL mode reads one
    snapshot without taking the write lock the site's IMMEDIATE mode would take,
    so the site keeps working meanwhile. Inside a caller's transaction (a test)
    the caller's snapshot applies.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        with transaction.atomic(using=using):
            yield
        return
    connection.ensure_connection()
    mode = getattr(connection, "transaction_mode", None)
    if connection.vendor == "sqlite":
        connection.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                    )
            yield
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = mode


def _dump(dump: Path, models, using: str) -> dict:
    with dump.open("w", encoding="utf-8") as stream:
        counts = _dump_database(models, stream)
    return {
        "vendor": connections[using].vendor,
        "counts": dict(sorted(counts.items())),
        "objects": sum(counts.values()),
    }


def _write_archive(partial: Path, dump: Path, models, manifest: dict) -> None:
    """The dump, then every referenced file, then the manifest with checksums."""
    files, missing = [], []
    # Personal data: readable by the owner only, from the first byte.
    partial.touch(mode=0o600)
    partial.chmod(0o600)
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


def backup_create(*, out: Path, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the database and its files to ``out`` (a ``.tar.gz``).

    Written next to ``out`` under a temporary name and renamed at the end, so a
    failed backup never leaves a half-written archive under the real name.
    """
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    manifest: dict = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "versions": _versions(),
        "excluded": DERIVED,
    }
    try:
        with tempfile.TemporaryDirectory() as scratch, _snapshot(using):
            models = _backed_up(using)
            dump = Path(scratch) / DATABASE
            manifest["database"] = _dump(dump, models, using)
            manifest["migrations"] = applied_migrations(using)
            _write_archive(partial, dump, models, manifest)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(
        path=out,
        objects=manifest["database"]["objects"],
        files=len(manifest["files"]),
        bytes=out.stat().st_size,
        missing=[f"{m['storage']}:{m['name']}" for m in manifest["missing_files"]],
    )
