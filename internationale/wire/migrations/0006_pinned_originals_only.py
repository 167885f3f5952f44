"""An urgent appeal is pinned through its original only; its translations are not pinned.

The home and country pages show the reader's translation of a pinned
original, so pinning a translation too showed the story twice, and lifting
the original left the translation pinned. Translations pinned before this
migration are unpinned, then the constraint says so for ever.
"""

from django.db import migrations, models


def unpin_translations(apps, schema_editor):  # type: ignore[no-untyped-def]
    Report = apps.get_model("wire", "Report")
    Report.objects.filter(pinned=True, translation_of__isnull=False).update(pinned=False)


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0005_search_narrow_vectors"),
    ]

    operations = [
        migrations.RunPython(unpin_translations, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="report",
            name="report_only_published_appeals_pinned",
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("pinned", False),
                    models.Q(
                        ("kind", "appeal"), ("state", "published"), ("translation_of__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="report_only_published_original_appeals_pinned",
            ),
        ),
    ]
