from pathlib import Path

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data" / "lexicon_en.txt"


def entries() -> dict[str, str]:
    found = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#") or "=" not in line:
            continue
        english, _sep, serbian = line.partition("=")
        found[english.strip()] = serbian.strip()
    return found


def seed(apps, schema_editor):
    LexiconEntry = apps.get_model("assistant", "LexiconEntry")
    if not LexiconEntry.objects.exists():
        LexiconEntry.objects.bulk_create(
            LexiconEntry(english=english, serbian=serbian)
            for english, serbian in entries().items()
        )


class Migration(migrations.Migration):
    dependencies = [("assistant", "0002_default_synonyms")]

    operations = [
        migrations.CreateModel(
            name="LexiconEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("english", models.CharField(help_text="As people write it: “licence points”, “first steps”.", max_length=200, unique=True, verbose_name="English word or phrase")),
                ("serbian", models.CharField(help_text="The words the platform's content uses for it, separated by commas (in either script).", max_length=300, verbose_name="Serbian words")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
            ],
            options={"verbose_name": "English term", "verbose_name_plural": "English terms", "ordering": ["english"]},
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
