from django.db import migrations, models


def keep_one_default(apps, schema_editor):
    """Before the constraint: if rows were ever marked around ``save()``, keep the first."""
    ScreeningRule = apps.get_model("exercises", "ScreeningRule")
    defaults = ScreeningRule.objects.filter(is_default=True).order_by("pk")
    first = defaults.first()
    if first is not None:
        defaults.exclude(pk=first.pk).update(is_default=False)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0004_video_spotting"),
    ]

    operations = [
        migrations.RunPython(keep_one_default, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="screeningrule",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_default", True)),
                fields=("is_default",),
                name="screening_rule_one_default",
            ),
        ),
    ]
