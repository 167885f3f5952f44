"""Organizations get a stored sort key, their place in the directory (``sorting.directory_key``:
region, country, then the name in natural order), filled here for the rows that exist; the
directory's index is on it."""

from django.db import migrations, models

import internationale.organizations.sorting

BATCH = 1000


def fill(apps, schema_editor):
    """Key every existing organization (the function is the app's: a later change of
    the key comes with its own migration that fills it again)."""
    Organization = apps.get_model("organizations", "Organization")
    directory_key = internationale.organizations.sorting.directory_key
    batch = []
    organizations = Organization.objects.select_related("region", "country").order_by("pk")
    for organization in organizations.iterator(BATCH):
        region, country = organization.region, organization.country
        organization.sort_key = directory_key(
            (region.position, region.slug) if region else None,
            (country.name, country.code) if country else None,
            organization.name,
        )
        batch.append(organization)
        if len(batch) == BATCH:
            Organization.objects.bulk_update(batch, ["sort_key"])
            batch = []
    Organization.objects.bulk_update(batch, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0008_pending_application")]

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
        migrations.RemoveIndex(model_name="organization", name="org_status_idx"),
        migrations.AddField(
            model_name="organization",
            name="sort_key",
            field=internationale.organizations.sorting.SortKeyField(compute="compute_sort_key"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["sort_key", "status"], name="org_directory_idx"),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["region", "status"], name="org_counts_idx"),
        ),
    ]
