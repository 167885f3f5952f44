from __future__ import annotations

import pycountry
import pytest

from internationale.organizations.models import Country, Region
from internationale.organizations.places import sync_places

DEFAULT_REGIONS = [
    "international", "asia", "arab-maghreb", "europe", "latin-america-caribbean",
    "north-america", "sub-saharan-africa", "oceania",
]  # fmt: skip


def test_the_default_regions_follow_the_seeds(places) -> None:
    assert list(Region.objects.values_list("slug", flat=True)) == DEFAULT_REGIONS


def test_every_iso_country_is_loaded_with_a_region(places) -> None:
    codes = set(Country.objects.filter(is_territory=False).values_list("code", flat=True))
    assert codes == {country.alpha_2 for country in pycountry.countries}


@pytest.mark.parametrize(
    ("code", "english", "region"),
    [
        ("X-EUS", "Basque Country", "europe"),
        ("X-CAT", "Catalan Countries", "europe"),
        ("X-GAL", "Galicia", "europe"),
        ("X-KUR", "Kurdistan", "asia"),
        ("XK", "Kosovo", "europe"),
        ("EH", "Western Sahara", "arab-maghreb"),
        ("PS", "Palestine", "arab-maghreb"),
        ("PR", "Puerto Rico", "latin-america-caribbean"),
        ("BO", "Bolivia", "latin-america-caribbean"),
    ],
)
def test_nations_and_territories_real_lists_use_are_there(places, code, english, region) -> None:
    place = Country.objects.select_related("region").get(code=code)
    assert place.name.startswith(english)
    assert place.region.slug == region


@pytest.mark.parametrize("language", ["en", "es", "pt", "fr", "ar"])
def test_every_place_has_a_name_in_every_shipped_language(places, language) -> None:
    nameless = [c.code for c in Country.objects.all() if not c.names.get(language)]
    assert nameless == []


def test_country_names_follow_the_language(places) -> None:
    from django.utils import translation

    germany = Country.objects.get(code="DE")
    with translation.override("es"):
        assert germany.local_name == "Alemania"
    with translation.override("ar"):
        assert germany.local_name == "ألمانيا"


def test_loading_places_again_keeps_a_region_the_secretariat_changed(places) -> None:
    cuba = Country.objects.get(code="CU")
    cuba.region = Region.objects.get(slug="north-america")
    cuba.save()
    sync_places(Region, Country)
    assert Country.objects.get(code="CU").region.slug == "north-america"
    assert Country.objects.filter(code="CU").count() == 1


def test_a_territory_code_cannot_look_like_an_iso_code(places) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(
            code="basque", name="Basque", region=Region.objects.get(slug="europe")
        )
