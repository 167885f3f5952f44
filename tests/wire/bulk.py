"""Many published reports at once, for size tests and the benchmark (benchmarks/wire.py)."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from internationale.accounts.models import User
from internationale.organizations.models import Country
from internationale.wire import search
from internationale.wire.models import (
    Kind,
    Report,
    ReportCountry,
    ReportRegion,
    ReportTopic,
    Revision,
    State,
    Topic,
)

WORDS = {
    "en": [
        "strike",
        "workers",
        "union",
        "factory",
        "wages",
        "police",
        "march",
        "land",
        "farmers",
        "protest",
        "students",
        "teachers",
        "dockers",
        "miners",
        "rail",
        "general",
        "assembly",
        "occupation",
        "eviction",
    ],
    "es": [
        "huelga",
        "trabajadores",
        "sindicato",
        "fábrica",
        "salarios",
        "policía",
        "marcha",
        "tierra",
        "campesinos",
        "protesta",
        "estudiantes",
        "docentes",
        "portuarios",
        "mineros",
        "asamblea",
        "ocupación",
        "desalojo",
    ],
    "pt": [
        "greve",
        "trabalhadores",
        "sindicato",
        "fábrica",
        "salários",
        "polícia",
        "marcha",
        "terra",
        "camponeses",
        "protesto",
        "estudantes",
        "professores",
        "portuários",
        "mineiros",
        "assembleia",
        "ocupação",
        "despejo",
    ],
    "fr": [
        "grève",
        "travailleurs",
        "syndicat",
        "usine",
        "salaires",
        "police",
        "marche",
        "terre",
        "paysans",
        "manifestation",
        "étudiants",
        "enseignants",
        "dockers",
        "mineurs",
        "assemblée",
        "occupation",
    ],
    "ar": [
        "إضراب",
        "العمال",
        "النقابة",
        "المصنع",
        "الأجور",
        "الشرطة",
        "مسيرة",
        "الأرض",
        "الفلاحون",
        "احتجاج",
        "الطلاب",
        "المعلمون",
        "الموانئ",
        "المناجم",
        "الجمعية",
        "احتلال",
        "الإخلاء",
    ],
}
LANGUAGES = list(WORDS)


def _text(rng: random.Random, language: str, words: int) -> str:
    return " ".join(rng.choice(WORDS[language]) for _ in range(words))


def bulk_reports(count: int, *, seed: int = 7, batch: int = 2000) -> None:
    """``count`` published reports spread over every country, language, type and topic."""
    rng = random.Random(seed)
    author = User.objects.filter(email="bulk.correspondent@example.org").first()
    if author is None:
        author = User.objects.create_user("bulk.correspondent@example.org", None)
    countries = list(Country.objects.all())
    topics = list(Topic.objects.all())
    kinds = [k for k in Kind.values if k != Kind.APPEAL]
    start = timezone.now() - timedelta(days=3)
    made = 0
    cycle = itertools.cycle(countries)
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            reports = []
            for i in range(size):
                language = LANGUAGES[(made + i) % len(LANGUAGES)]
                when = start - timedelta(minutes=made + i)
                reports.append(
                    Report(
                        kind=kinds[(made + i) % len(kinds)],
                        state=State.PUBLISHED,
                        language=language,
                        title=_text(rng, language, 7).capitalize(),
                        lede=_text(rng, language, 25),
                        body=_text(rng, language, 120),
                        byline=f"Correspondent {(made + i) % 300}",
                        author=author,
                        published_at=when,
                        first_published_at=when,
                        created_at=when,
                        updated_at=when,
                    )
                )
            Report.objects.bulk_create(reports)
            places, regions, listed, revisions = [], [], [], []
            for report in reports:
                country = next(cycle)
                places.append(
                    ReportCountry(report=report, country=country, published_at=report.published_at)
                )
                regions.append(
                    ReportRegion(
                        report=report, region_id=country.region_id, published_at=report.published_at
                    )
                )
                listed.append(
                    ReportTopic(
                        report=report,
                        topic=topics[report.pk % len(topics)],
                        published_at=report.published_at,
                    )
                )
                revisions.append(
                    Revision(
                        report=report,
                        number=1,
                        action="published",
                        state=report.state,
                        version=1,
                        title=report.title,
                        lede=report.lede,
                        body=report.body,
                    )
                )
            ReportCountry.objects.bulk_create(places)
            ReportRegion.objects.bulk_create(regions)
            ReportTopic.objects.bulk_create(listed)
            Revision.objects.bulk_create(revisions)
            search.index(
                search.Document(r.pk, r.language, r.title, r.lede, r.body) for r in reports
            )
        made += size
