"""The urgent appeals' feed reads a partial index of original appeals by publication time."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0007_list_import"),
        ("wire", "0006_pinned_originals_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("kind", "appeal"), ("translation_of__isnull", True)),
                fields=["published_at"],
                name="report_appeal_idx",
            ),
        ),
    ]
