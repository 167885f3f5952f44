from django.db import migrations


def refresh(apps, schema_editor):
    from internationale.organizations.places import sync_places

    sync_places(apps.get_model("organizations", "Region"), apps.get_model("organizations", "Country"))


class Migration(migrations.Migration):
    """Short country names and every translated alias, for the list parser."""

    dependencies = [("organizations", "0005_applications")]
    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
