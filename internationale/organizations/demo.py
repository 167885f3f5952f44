"""The directory's demonstration data: organizations, their descriptions, the points of agreement.

The organizations are real ones from public member lists (facts only: name,
country, acronym, kind, founding year, status) and generated ones, enough to
page through. The descriptions are written for the demo. Every loader looks
its data up before creating it, so a second run creates nothing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from internationale.organizations.models import AgreementPoint, Country, Organization, Region
from internationale.organizations.services import (
    OrganizationData,
    create_organization,
    set_description,
)

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def load_directory() -> int:
    """Create the demo organizations that are missing; return how many were created."""
    if not Region.objects.exists():
        raise RuntimeError("Run `internationale migrate` first: the places are missing.")
    existing = set(Organization.objects.values_list("name", flat=True))
    countries = {c.code: c for c in Country.objects.all()}
    created = 0
    for code, name, acronym, kind, founded, status in [*SECTIONS, *generated()]:
        if name in existing:
            continue
        organization = create_organization(
            by=None,
            data=OrganizationData(
                name=name,
                acronym=acronym,
                kind=kind,
                country=countries[code] if code else None,
                founded=founded,
                website=WEBSITES.get(name, ""),
            ),
            status=status,
            status_since=date(2024, 1, 1) if status != "none" else None,
        )
        created += 1
        language, texts = DESCRIPTIONS.get(name, ("", {}))
        for text_language, text in texts.items():
            set_description(
                by=None,
                organization_id=organization.pk,
                language=text_language,
                text=text,
                original=text_language == language,
            )
    return created


def load_points(points: list[dict[str, str]] | None = None) -> int:
    """Create the points of agreement (the demo's unless given) if there are none yet;
    return how many were created."""
    if AgreementPoint.objects.exists():
        return 0
    if points is None:
        points = json.loads((DEMO_DATA / "agreement_points.json").read_text(encoding="utf-8"))
    AgreementPoint.objects.bulk_create(
        AgreementPoint(position=i, texts=texts) for i, texts in enumerate(points, start=1)
    )
    return len(points)


# (ISO code, name, acronym, kind, founded, status)
SECTIONS = [
    ("AR", "Partido Socialista Unificado de los Trabajadores", "", "party", None, "official"),
    ("BR", "Partido Socialista Unificado de los Trabalhadores", "", "party", None, "official"),
    ("CL", "Movimiento Internacional de los Trabajadores", "", "party", None, "official"),
    ("CO", "Partido Socialista de los Trabajadores", "", "party", None, "official"),
    ("CR", "Partido de los Trabajadores", "", "party", None, "official"),
    ("SV", "Unidad Socialista de los Trabajadores", "", "party", None, "official"),
    ("HN", "Partido Socialista de los Trabajadores", "", "party", None, "official"),
    ("IT", "Partito di Alternativa Comunista", "", "party", None, "official"),
    ("PY", "Partido de los Trabajadores", "", "party", None, "official"),
    ("PE", "Partido Socialista de los Trabajadores", "", "party", None, "official"),
    ("PT", "Em Luta", "", "party", None, "official"),
    ("ES", "Corriente Roja", "", "party", None, "official"),
    ("BE", "Ligue Communiste des Travailleurs", "", "party", None, "sympathizing"),
    ("BO", "Grupo de Lucha Socialista", "", "party", None, "sympathizing"),
    ("MX", "Corriente Socialista de los Trabajadores", "", "party", None, "sympathizing"),
    ("MX", "Grupo Obrero Socialista", "", "party", None, "sympathizing"),
    ("EC", "Movimiento al Socialismo", "", "party", None, "sympathizing"),
    ("PA", "Liga de Trabajadores Socialistas", "", "party", None, "sympathizing"),
    ("RU", "Internationalist Workers Party", "", "party", None, "sympathizing"),
    ("SN", "Ligue Populaire Sénégalaise", "", "party", None, "sympathizing"),
    ("TR", "RED Movement", "", "movement", None, "sympathizing"),
    ("GB", "International Socialist League", "", "party", None, "sympathizing"),
    ("US", "Workers' Voice", "", "party", None, "sympathizing"),
    ("US", "Corriente Obrera", "", "party", None, "sympathizing"),
    ("UY", "Izquierda Socialista de los Trabajadores", "", "party", None, "sympathizing"),
    ("VE", "Unión Socialista de los Trabajadores", "", "party", None, "sympathizing"),
    ("NP", "Communist Party of Nepal (Unified Socialist)", "", "party", 2021, "member"),
    ("PK", "Mazdoor Kisan Party", "", "party", 1968, "member"),
    ("MA", "Workers' Democratic Way", "", "party", None, "member"),
    ("TN", "Workers' Party of Tunisia", "", "party", 1986, "member"),
    ("IT", "Potere al Popolo", "", "party", 2017, "member"),
    ("BR", "Landless Rural Workers' Movement", "MST", "peasant", 1984, "member"),
    ("CU", "Workers' Central Union of Cuba", "CTC", "union", 1961, "member"),
    ("US", "Party for Socialism and Liberation", "PSL", "party", 2004, "member"),
    ("US", "CodePink: Women for Peace", "CodePink", "women", 2002, "member"),
    ("ZA", "Socialist Revolutionary Workers Party", "SRWP", "party", 2019, "member"),
    ("GH", "Socialist Movement of Ghana", "SMG", "movement", None, "member"),
    (None, "International Peoples' Assembly", "IPA", "network", 2019, "observer"),
    (None, "Women's International Democratic Federation", "WIDF", "women", 1945, "observer"),
    (None, "La Vía Campesina", "", "peasant", 1993, "observer"),
]

# The public websites of some of the real organizations above.
WEBSITES = {
    "Landless Rural Workers' Movement": "https://mst.org.br/",
    "Potere al Popolo": "https://poterealpopolo.org/",
    "La Vía Campesina": "https://viacampesina.org/",
}

# (name, {language: text}, original language), written for the demo.
DESCRIPTIONS = {
    "Landless Rural Workers' Movement": (
        "pt",
        {
            "pt": "Movimento camponês que organiza famílias sem terra em acampamentos e "
            "assentamentos, defende a reforma agrária e produz alimentos agroecológicos.",
            "en": "A peasant movement that organizes landless families in camps and "
            "settlements, campaigns for land reform and grows food by agroecology.",
            "es": "Movimiento campesino que organiza a familias sin tierra en campamentos y "
            "asentamientos, lucha por la reforma agraria y produce alimentos agroecológicos.",
        },
    ),
    "Workers' Party of Tunisia": (
        "fr",
        {
            "fr": "Parti de la gauche tunisienne, engagé pour les droits des travailleurs, "
            "des chômeurs et des régions de l'intérieur.",
            "ar": "حزب من اليسار التونسي يناضل من أجل حقوق العمال "
            "والمعطلين عن العمل والجهات الداخلية.",
        },
    ),
    "Potere al Popolo": (
        "en",
        {
            "en": "An Italian party built from local people's houses, worker collectives and "
            "social centres, which sees self-organization as the core of its politics."
        },
    ),
}

_KINDS = ["union", "movement", "women", "youth", "solidarity", "party", "media", "peasant"]
_WORDS = {
    "union": "Workers' Union",
    "movement": "Popular Movement",
    "women": "Women's Collective",
    "youth": "Youth League",
    "solidarity": "Solidarity Committee",
    "party": "Workers' Party",
    "media": "People's Press",
    "peasant": "Peasant Association",
}
_COUNTRIES = [
    "AR", "BR", "CL", "CO", "MX", "PE", "VE", "CU", "BO", "EC", "ZA", "GH", "NG", "KE", "SN",
    "MA", "TN", "EG", "PS", "LB", "IN", "NP", "PK", "PH", "ID", "IT", "ES", "FR", "PT", "GR",
    "TR", "DE", "GB", "US", "CA", "AU", "NZ", "X-EUS", "X-CAT", "X-KUR",
]  # fmt: skip


def generated(count: int = 420) -> list[tuple[str, str, str, str, int, str]]:
    """Deterministic made-up organizations: (country, name, acronym, kind, founded, status)."""
    rows = []
    for i in range(count):
        kind = _KINDS[i % len(_KINDS)]
        country = _COUNTRIES[(i * 7) % len(_COUNTRIES)]
        number = i // len(_COUNTRIES) + 1
        name = f"{_WORDS[kind]} No. {number} ({country})"
        # Sections are the real ones above: the demo congress apportions among them only.
        status = ("member", "none", "observer", "none", "member")[i % 5]
        rows.append((country, name, "", kind, 1950 + (i * 13) % 75, status))
    return rows
