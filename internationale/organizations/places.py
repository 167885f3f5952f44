"""Loading the reference places: regions, ISO countries and stateless nations.

The functions take the model classes as arguments so a data migration can
call them with its historical models. Running them again updates names and
adds what is new; it never moves a country the secretariat re-assigned.
"""

from __future__ import annotations

import gettext
import json
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.json"
LANGUAGES = ("en", "es", "pt", "fr", "ar")


@cache
def places_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    return data


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_names(country: Any) -> dict[str, str]:
    """A country's short name in each shipped language, from pycountry's catalogues."""
    english = getattr(country, "common_name", None) or country.name
    names = {"en": english}
    for language in LANGUAGES[1:]:
        names[language] = _catalogue(language).gettext(english)
        if names[language] == english and english != country.name:
            # Some catalogues translate only the formal name.
            names[language] = _catalogue(language).gettext(country.name)
    return names


def country_aliases(country: Any, extra: list[str]) -> list[str]:
    found = {
        country.name,
        getattr(country, "official_name", None),
        getattr(country, "common_name", None),
    }
    found.update(extra)
    return sorted(name for name in found if name)


def sync_places(region_model: Any, country_model: Any) -> tuple[int, int]:
    """Create or refresh every region, country and territory; return (regions, places)."""
    data = places_data()
    regions = {}
    for position, region in enumerate(data["regions"]):
        regions[region["slug"]], _ = region_model.objects.update_or_create(
            slug=region["slug"],
            defaults={
                "name": region["names"]["en"],
                "names": region["names"],
                "position": position,
            },
        )
    aliases: dict[str, list[str]] = data.get("aliases", {})
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        names = country_names(country)
        rows.append((code, names, country_aliases(country, aliases.get(code, [])), False,
                     regions[data["countries"][code]]))  # fmt: skip
    for territory in data["territories"]:
        rows.append((territory["code"], territory["names"], sorted(territory.get("aliases", [])),
                     True, regions[territory["region"]]))  # fmt: skip
    for code, names, alias_list, is_territory, region in rows:
        existing = country_model.objects.filter(code=code).first()
        if existing is None:
            country_model.objects.create(
                code=code, name=names["en"], names=names, aliases=alias_list,
                is_territory=is_territory, region=region,
            )  # fmt: skip
        else:
            existing.name, existing.names, existing.aliases = names["en"], names, alias_list
            existing.is_territory = is_territory
            existing.save(update_fields=["name", "names", "aliases", "is_territory"])
    return len(regions), len(rows)
