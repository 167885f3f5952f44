"""Organizations get a stored natural sort key (``sorting.natural_key`` of the name),
filled here for the rows that exist, and the directory's index uses it."""

from django.db import migrations, models

import internationale.organizations.sorting

BATCH = 1000


def fill(apps, schema_editor):
    """Key every existing organization (the function is the app's: a later change of
    the key comes with its own migration that fills it again)."""
    Organization = apps.get_model("organizations", "Organization")
    natural_key = internationale.organizations.sorting.natural_key
    batch = []
    for organization in Organization.objects.only("pk", "name").order_by("pk").iterator(BATCH):
        organization.sort_key = natural_key(organization.name)
        batch.append(organization)
        if len(batch) == BATCH:
            Organization.objects.bulk_update(batch, ["sort_key"])
            batch = []
    Organization.objects.bulk_update(batch, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0007_list_import")]

    operations = [
        migrations.AlterModelOptions(
            name="organization",
            options={
                "ordering": ["sort_key", "pk"],
                "verbose_name": "organization",
                "verbose_name_plural": "organizations",
            },
        ),
        migrations.RemoveIndex(model_name="organization", name="org_directory_idx"),
        migrations.AddField(
            model_name="organization",
            name="sort_key",
            field=internationale.organizations.sorting.SortKeyField(source="name"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                fields=["status", "region", "country", "sort_key"], name="org_directory_idx"
            ),
        ),
    ]
