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


def _short(name: str) -> str:
    """ "Bolivia, Plurinational State of" -> "Bolivia"; ISO's inverted formal names."""
    for comma in (", ", "، "):
        if comma in name:
            return name.split(comma, 1)[0]
    return name


def country_names(country: Any) -> dict[str, str]:
    """A country's name in each shipped language, from pycountry's catalogues.

    Where a catalogue has only the inverted formal name, the part before the
    comma is used (``all_country_names`` undoes that where it would make two
    countries share a name, such as the two Congos).
    """
    english = getattr(country, "common_name", None) or country.name
    names = {"en": english}
    for language in LANGUAGES[1:]:
        translated = _catalogue(language).gettext(english)
        if translated == english and english != country.name:
            translated = _catalogue(language).gettext(country.name)
        names[language] = translated
    return names


def all_country_names(overrides: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Short, unambiguous names of every ISO country in every shipped language."""
    full = {country.alpha_2: country_names(country) for country in pycountry.countries}
    result = {
        code: {lang: _short(name) for lang, name in names.items()} for code, names in full.items()
    }
    for language in LANGUAGES:
        seen: dict[str, list[str]] = {}
        for code, names in result.items():
            seen.setdefault(names[language], []).append(code)
        for codes in seen.values():
            if len(codes) > 1:
                for code in codes:
                    result[code][language] = full[code][language]
    for code, names in overrides.items():
        result[code].update(names)
    return result


def country_aliases(country: Any, extra: list[str], overrides: dict[str, str]) -> list[str]:
    """Every name a pasted list may use: ISO's names, their translations, known aliases."""
    own = [
        name
        for name in (
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        )
        if name
    ]
    translated = [_catalogue(lang).gettext(name) for lang in LANGUAGES[1:] for name in own]
    return list(dict.fromkeys([*own, *translated, *extra, *overrides.values()]))


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
    names_by_code = all_country_names(data.get("name_overrides", {}))
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        names = names_by_code[code]
        alias_list = country_aliases(
            country, aliases.get(code, []), data.get("name_overrides", {}).get(code, {})
        )
        rows.append((code, names, alias_list, False, regions[data["countries"][code]]))
    for territory in data["territories"]:
        rows.append((territory["code"], territory["names"], list(territory.get("aliases", [])),
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


def parser_places() -> tuple[Any, ...]:
    """The places as the list parser sees them, from the shipped data alone (no database)."""
    from internationale.organizations.listparse import Place

    data = places_data()
    overrides: dict[str, dict[str, str]] = data.get("name_overrides", {})
    places = [
        Place(
            code=country.alpha_2,
            region=data["countries"][country.alpha_2],
            names=tuple(
                country_aliases(
                    country,
                    data["aliases"].get(country.alpha_2, []),
                    overrides.get(country.alpha_2, {}),
                )
            ),
        )
        for country in pycountry.countries
    ]
    places += [
        Place(
            code=territory["code"],
            region=territory["region"],
            names=tuple(
                dict.fromkeys([*territory["names"].values(), *territory.get("aliases", [])])
            ),
        )
        for territory in data["territories"]
    ]
    return tuple(places)
