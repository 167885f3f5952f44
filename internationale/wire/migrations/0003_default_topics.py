"""The topics the wire starts with; the secretariat may rename, add or remove them."""

from django.db import migrations

TOPICS = [
    ("strikes-and-labour", "Strikes and labour", "Huelgas y trabajo", "Greves e trabalho", "Grèves et travail", "الإضرابات والعمل"),
    ("land-and-peasants", "Land and peasants", "Tierra y campesinado", "Terra e campesinato", "Terre et paysannerie", "الأرض والفلاحون"),
    ("repression", "Repression and political prisoners", "Represión y presos políticos", "Repressão e presos políticos", "Répression et prisonniers politiques", "القمع والمعتقلون السياسيون"),
    ("women", "Women's struggles", "Luchas de las mujeres", "Lutas das mulheres", "Luttes des femmes", "نضالات النساء"),
    ("youth-and-students", "Youth and students", "Juventud y estudiantes", "Juventude e estudantes", "Jeunesse et étudiants", "الشباب والطلاب"),
    ("war-and-imperialism", "War and imperialism", "Guerra e imperialismo", "Guerra e imperialismo", "Guerre et impérialisme", "الحرب والإمبريالية"),
    ("migration", "Migration", "Migración", "Migração", "Migrations", "الهجرة"),
    ("environment", "Environment and climate", "Ambiente y clima", "Ambiente e clima", "Environnement et climat", "البيئة والمناخ"),
    ("elections", "Elections and institutions", "Elecciones e instituciones", "Eleições e instituições", "Élections et institutions", "الانتخابات والمؤسسات"),
    ("housing-and-cities", "Housing and cities", "Vivienda y ciudades", "Moradia e cidades", "Logement et villes", "السكن والمدن"),
    ("indigenous-peoples", "Indigenous peoples", "Pueblos indígenas", "Povos indígenas", "Peuples autochtones", "الشعوب الأصلية"),
    ("health", "Health", "Salud", "Saúde", "Santé", "الصحة"),
]


def load(apps, schema_editor):
    Topic = apps.get_model("wire", "Topic")
    for position, (slug, en, es, pt, fr, ar) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug,
            defaults={
                "name": en,
                "names": {"en": en, "es": es, "pt": pt, "fr": fr, "ar": ar},
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("wire", "0002_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
