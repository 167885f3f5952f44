import unicodedata

from django.db import migrations


def _normalize(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def fill(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    Region = apps.get_model("organizations", "Region")
    international = Region.objects.filter(slug="international").first()
    for organization in Organization.objects.select_related("country", "region_override"):
        if organization.region_override_id:
            organization.region_id = organization.region_override_id
        elif organization.country_id:
            organization.region_id = organization.country.region_id
        else:
            organization.region = international
        parts = [organization.name, organization.acronym, *organization.other_names]
        organization.search_text = "\n".join(_normalize(p) for p in parts if p)
        organization.save(update_fields=["region", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_directory")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
