"""Backup and restore: one archive reproduces the site in an empty database."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_render
from events.models import Registration
from lms.models import User
from tests.certificates.conftest import attend, held_training, licensed  # noqa: F401
from tests.events.conftest import make_training, training_index  # noqa: F401


def _stats() -> str:
    out = io.StringIO()
    call_command("series_stats", "--year", "2025", "--json", stdout=out)
    return out.getvalue()


def _backup(path: Path) -> dict:
    call_command("backup", "--out", str(path), stdout=io.StringIO())
    with tarfile.open(path, "r:gz") as archive:
        return json.load(archive.extractfile("manifest.json"))


def _restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _wipe_files() -> None:
    for root in (django_settings.MEDIA_ROOT, django_settings.PRIVATE_MEDIA_ROOT):
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def flush_undone():
    """Put back what ``flush`` changes beyond the database.

    The flush renumbers content types and the test's rollback brings the old
    ones back, so Django's cache of them must go; the post-migrate handlers it
    runs may leave the active language changed.
    """
    language = translation.get_language()
    yield
    ContentType.objects.clear_cache()
    if language is None:
        translation.deactivate()
    else:
        translation.activate(language)


def _empty_database() -> None:
    """A new installation: every table empty, as ``flush`` leaves it."""
    if connection.vendor == "postgresql":
        # The test's own transaction holds deferred checks that TRUNCATE refuses.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # flush re-runs what migrate does after the schema: content types,
    # permissions and the roles (the restore empties every table anyway).
    call_command("flush", interactive=False, verbosity=0)


def test_the_demo_survives_a_round_trip_into_an_empty_database(
    db, client, tmp_path, flush_undone
):
    call_command("load_demo", stdout=io.StringIO())
    holder = User.objects.get(email="ucesnica@example.org")
    certificate = Certificate.objects.filter(user=holder, training__isnull=False)[0]
    pdf = certificate_render(certificate=certificate).pdf.read()
    stats, users = _stats(), User.objects.count()

    manifest = _backup(tmp_path / "site.tar.gz")
    _empty_database()
    _wipe_files()
    assert User.objects.count() == 0 and not Certificate.objects.exists()

    _restore(tmp_path / "site.tar.gz")

    assert _stats() == stats
    assert json.loads(stats)["participants"] == 1463
    assert User.objects.count() == users
    assert manifest["database"]["counts"]["lms.user"] == users
    verify = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert verify.status_code == 200
    assert 'data-status="valid"' in verify.content.decode()
    assert certificate.holder_name in verify.content.decode()
    client.force_login(User.objects.get(email="urednica@example.org"))
    download = client.get(reverse("certificates:download", args=[certificate.code]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    image = client.get("/media/original_images/detective-scene.png")
    assert image.status_code == 200
    client.force_login(User.objects.get(email="ucesnica@example.org"))
    assert client.get(reverse("certificates:mine")).status_code == 200
    # The search index, left out of the archive, is rebuilt.
    assert Page.objects.live().search("трговине").count() > 0


@pytest.fixture
def small_site(held_training, attend, licensed, tmp_path):  # noqa: F811
    """A training, a certificate with its PDF, and a backup of it all."""
    certificate = certificate_issue(registration=attend(held_training, licensed))
    certificate_render(certificate=certificate)
    path = tmp_path / "small.tar.gz"
    manifest = _backup(path)
    return certificate, path, manifest


def _rewrite(path: Path, target: Path, change) -> Path:
    """Copy an archive, passing each member's bytes through ``change``."""
    with tarfile.open(path, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def test_the_archive_holds_database_media_private_files_and_a_manifest(small_site):
    certificate, path, manifest = small_site
    with tarfile.open(path, "r:gz") as archive:
        names = archive.getnames()
        rows = json.load(archive.extractfile("database.json"))
    assert "manifest.json" in names and "database.json" in names
    assert path.stat().st_mode & 0o077 == 0  # personal data: the owner only
    assert f"private/{certificate.pdf.name}" in names
    assert [f["storage"] for f in manifest["files"]] == ["private"]
    assert len(manifest["files"][0]["sha256"]) == 64
    models = {row["model"] for row in rows}
    assert "certificates.certificate" in models and "wagtailcore.page" in models
    assert not models & {"sessions.session", "contenttypes.contenttype"}
    assert not models & {"wagtailsearch.indexentry", "auth.permission"}
    page = next(r for r in rows if r["model"] == "wagtailcore.page")
    assert page["fields"]["content_type"][0] in {"lms", "wagtailcore", "events"}
    assert manifest["migrations"]["certificates"]
    assert manifest["versions"]["django"].startswith("5.")


def test_restore_refuses_a_database_that_is_not_empty(small_site):
    certificate, path, _ = small_site
    with pytest.raises(CommandError, match="--force"):
        _restore(path)
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_restore_with_force_replaces_the_data(small_site, make_user):
    certificate, path, _ = small_site
    make_user(email="posle@example.org")
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="Измењено")
    Path(certificate.pdf.path).unlink()
    _restore(path, "--force")
    assert not User.objects.filter(email="posle@example.org").exists()
    certificate.refresh_from_db()
    assert certificate.holder_name == "Ана Анић"
    assert certificate.pdf.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    "damage",
    ["truncated", "changed database", "changed file", "missing file", "no manifest"],
)
def test_restore_refuses_a_damaged_archive_and_changes_nothing(
    small_site, tmp_path, damage
):
    certificate, path, _ = small_site
    bad = tmp_path / "bad.tar.gz"
    if damage == "truncated":
        bad.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:

        def change(name, data):
            if damage == "changed database" and name == "database.json":
                return data.replace("Ана Анић".encode(), "Ана Анић2".encode())
            if damage == "changed file" and name.startswith("private/"):
                return data[:-1] + b"x"
            if damage == "missing file" and name.startswith("private/"):
                return None
            if damage == "no manifest" and name == "manifest.json":
                return None
            return data

        _rewrite(path, bad, change)
    with pytest.raises(CommandError, match="оштећена|damaged"):
        _restore(bad, "--force")
    certificate.refresh_from_db()
    assert certificate.holder_name == "Ана Анић"
    assert Registration.objects.count() == 1


def test_restore_refuses_a_backup_from_a_database_with_more_migrations(
    small_site, tmp_path
):
    _, path, _ = small_site

    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["certificates"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    with pytest.raises(CommandError, match="9999_from_the_future"):
        _restore(_rewrite(path, tmp_path / "future.tar.gz", change), "--force")
    assert Certificate.objects.count() == 1


def test_restore_of_a_file_that_is_not_a_backup(db, tmp_path):
    other = tmp_path / "notes.tar.gz"
    other.write_text("hello")
    with pytest.raises(CommandError, match="оштећена|damaged"):
        _restore(other)
    with pytest.raises(CommandError):
        _restore(tmp_path / "nothing-here.tar.gz")
