"""The default indicator sets, dimensions, next steps and screening rule.

Reference content, not demo: a fresh database gets a working screening tool.
"""

from django.db import migrations


def load(apps, schema_editor):
    from exercises.reference_data import load_screening_content

    load_screening_content(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0001_initial"),
        ("lms", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
