import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lms', '0002_reference_data'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='HomePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('lead', models.CharField(blank=True, max_length=300, verbose_name='lead')),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                ('highlights', wagtail.fields.RichTextField(blank=True, help_text='For example the figures of the last training series.', verbose_name='facts about the programme')),
            ],
            options={
                'verbose_name': 'home page',
            },
            bases=('wagtailcore.page',),
        ),
    ]
