"""Move certificate PDFs out of the public media into the private storage.

Until now they lay under MEDIA_ROOT (``certificates/<training>/uverenje-<code>-vN.pdf``),
reachable by anyone who knew or guessed the code. Each current PDF is copied to
the private storage under a random name; a revoked certificate's PDF and every
superseded version's PDF are not kept. The public copies are deleted once the
migration has committed.
"""

import os
import secrets

from django.core.files.storage import storages
from django.db import migrations, transaction

PUBLIC_FOLDER = "certificates"


def _private_name(certificate) -> str:
    key = secrets.token_hex(16)
    if certificate.training_id is None:
        return f"certificates/courses/{certificate.course_id}/{key}.pdf"
    return f"certificates/{certificate.training_id}/{key}.pdf"


def _prune_empty_folders(storage) -> None:
    """Remove the emptied public certificate folders (local storage only)."""
    try:
        root = storage.path(PUBLIC_FOLDER)
    except NotImplementedError:  # a remote storage has no folders to prune
        return
    for folder, _subfolders, _files in os.walk(root, topdown=False):
        try:
            os.rmdir(folder)
        except OSError:  # not empty: something else lives there
            pass


def certificate_files_to_private(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    CertificateVersion = apps.get_model("certificates", "CertificateVersion")
    public, private = storages["default"], storages["private"]
    leaving: list[str] = []
    for certificate in Certificate.objects.exclude(pdf="").iterator():
        old = certificate.pdf.name
        new = ""
        if certificate.status == "valid" and public.exists(old):
            with public.open(old, "rb") as source:
                new = private.save(_private_name(certificate), source)
        # A missing or revoked one is simply not kept: a valid certificate is
        # rendered again on its next download.
        Certificate.objects.filter(pk=certificate.pk).update(pdf=new)
        leaving.append(old)
    for version in CertificateVersion.objects.exclude(pdf="").iterator():
        leaving.append(version.pdf.name)
    CertificateVersion.objects.exclude(pdf="").update(pdf="")

    def delete_public_copies():
        for name in leaving:
            public.delete(name)
        _prune_empty_folders(public)

    transaction.on_commit(delete_public_copies, using=schema_editor.connection.alias)


def certificate_files_to_public(apps, schema_editor):
    """Back to the old layout (for a rollback of the code): public again."""
    Certificate = apps.get_model("certificates", "Certificate")
    public, private = storages["default"], storages["private"]
    for certificate in Certificate.objects.exclude(pdf="").iterator():
        old = certificate.pdf.name
        new = ""
        if private.exists(old):
            with private.open(old, "rb") as source:
                new = public.save(old, source)
            private.delete(old)
        Certificate.objects.filter(pk=certificate.pk).update(pdf=new)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0004_certificate_pdf_private_storage")]

    operations = [
        migrations.RunPython(certificate_files_to_private, certificate_files_to_public)
    ]
