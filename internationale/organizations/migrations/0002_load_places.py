from django.db import migrations


def load(apps, schema_editor):
    from internationale.organizations.places import sync_places

    sync_places(apps.get_model("organizations", "Region"), apps.get_model("organizations", "Country"))


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
