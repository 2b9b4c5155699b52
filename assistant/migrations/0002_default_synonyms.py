from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"


def groups() -> list[str]:
    lines = [
        line for line in DATA.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    return [g.strip() for g in "\n".join(lines).split("\n\n") if g.strip()]


def seed(apps, schema_editor):
    Synonym = apps.get_model("assistant", "Synonym")
    if not Synonym.objects.exists():
        Synonym.objects.bulk_create(Synonym(terms=group) for group in groups())


class Migration(migrations.Migration):
    dependencies = [("assistant", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
