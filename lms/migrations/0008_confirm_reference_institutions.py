"""Institutions of the committed reference list count as reviewed.

The public institution autocomplete shows only confirmed institutions; the
reference list was reviewed when it was committed, so a database where one of
them was left (or set back to) unconfirmed gets it confirmed again. Names that
participants typed stay as they are, for staff to review.
"""

from django.db import migrations


def confirm_reference_institutions(apps, schema_editor):
    from lms.reference_data import _read

    Institution = apps.get_model("lms", "Institution")
    names = [item["name"] for item in _read("institutions-2025.json")]
    Institution.objects.filter(name__in=names, confirmed=False).update(confirmed=True)


class Migration(migrations.Migration):
    dependencies = [("lms", "0007_outbound_email_and_task_workers")]

    operations = [
        migrations.RunPython(confirm_reference_institutions, migrations.RunPython.noop)
    ]
