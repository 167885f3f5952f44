"""The directory lists names naturally (No. 2 before No. 10), from a key stored on every write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given
from hypothesis import strategies as st

from internationale.organizations import pasted
from internationale.organizations.csvio import import_organizations
from internationale.organizations.models import Country, Organization, Region
from internationale.organizations.places import sync_places
from internationale.organizations.queries import DirectoryFilters, directory
from internationale.organizations.services import (
    OrganizationData,
    create_organization,
    rekey_organizations,
    update_organization,
)
from internationale.organizations.sorting import (
    MAX_DIRECTORY_KEY,
    MAX_KEY,
    directory_key,
    natural_key,
)
from tests.organizations.factories import bulk_organizations
from tests.organizations.test_csvio import HEADER, line


def in_order(*names: str) -> list[str]:
    return sorted(names, key=natural_key)


def test_numbers_sort_as_numbers() -> None:
    assert in_order("No. 10", "No. 2", "No. 1") == ["No. 1", "No. 2", "No. 10"]
    assert in_order("Section 100", "Section 20", "Section 3") == [
        "Section 3",
        "Section 20",
        "Section 100",
    ]


def test_case_accents_and_punctuation_do_not_change_the_order() -> None:
    assert in_order("Zeta", "émancipation", "Alpha", "ÉCOLE") == [
        "Alpha",
        "ÉCOLE",
        "émancipation",
        "Zeta",
    ]
    assert natural_key("Partido Comunista, No. 4") == natural_key("partido comunista no 4")
    assert natural_key("«Rosa Luxemburg»") == natural_key("Rosa Luxemburg")


def test_leading_zeros_and_other_scripts_digits_are_the_same_number() -> None:
    two, ten = "\u0662", "\u0661\u0660"  # 2 and 10 in Arabic-Indic digits
    assert in_order(f"الفرع {ten}", f"الفرع {two}", "الفرع 3") == [
        f"الفرع {two}",
        "الفرع 3",
        f"الفرع {ten}",
    ]
    assert natural_key("No. 007") == natural_key("No. 7")


def test_arabic_names_sort_by_their_letters_whatever_their_vowel_marks_or_hamza() -> None:
    # A word with vowel marks, alef with hamza as bare alef, and the tatweel that draws a line.
    assert natural_key("حِزْب") == natural_key("حزب") == natural_key("حـزب")
    assert natural_key("أحرار") == natural_key("احرار")
    assert in_order("حزب العمال", "اتحاد", "جبهة") == ["اتحاد", "جبهة", "حزب العمال"]


def test_mixed_scripts_keep_each_script_together() -> None:
    names = ["حزب 2", "Partido 10", "Партия", "Partido 9", "حزب 10"]
    assert in_order(*names) == ["Partido 9", "Partido 10", "Партия", "حزب 2", "حزب 10"]


def test_a_name_of_punctuation_alone_still_has_a_key() -> None:
    assert natural_key("!!!") == "!!!"


@given(st.integers(min_value=0, max_value=10**30), st.integers(min_value=0, max_value=10**30))
def test_any_two_numbers_sort_as_their_values(a: int, b: int) -> None:
    assert (natural_key(f"No. {a}") < natural_key(f"No. {b}")) == (a < b)


@given(st.text(max_size=300))
def test_every_name_has_a_key_that_fits_its_column(name: str) -> None:
    assert len(natural_key(name)) <= MAX_KEY
    assert len(directory_key((1, "europe"), ("Brazil", "BR"), name)) <= MAX_DIRECTORY_KEY
    assert Organization._meta.get_field("sort_key").max_length == MAX_DIRECTORY_KEY


def names_in_the_directory(country: Country) -> list[str]:
    return list(directory(DirectoryFilters(country=country.code)).values_list("name", flat=True))


def test_the_directory_lists_no_10_after_no_2(brazil) -> None:
    for name in ["No. 10", "No. 1", "no. 2", "Nº 3"]:
        create_organization(by=None, data=OrganizationData(name=name, country=brazil))
    # "Nº" is "No" folded: its 3 comes between 2 and 10.
    assert names_in_the_directory(brazil) == ["No. 1", "no. 2", "Nº 3", "No. 10"]


def test_the_key_follows_a_renamed_organization(brazil) -> None:
    made = create_organization(by=None, data=OrganizationData(name="No. 9", country=brazil))
    create_organization(by=None, data=OrganizationData(name="No. 10", country=brazil))
    update_organization(
        by=None, organization_id=made.pk, data=OrganizationData(name="No. 11", country=brazil)
    )
    made.refresh_from_db()
    assert made.sort_key.endswith(natural_key("No. 11"))
    assert names_in_the_directory(brazil) == ["No. 10", "No. 11"]


def test_an_organization_moved_to_another_country_moves_in_the_directory(brazil) -> None:
    moving = create_organization(by=None, data=OrganizationData(name="Moving", country=brazil))
    create_organization(by=None, data=OrganizationData(name="Staying", country=brazil))
    argentina = Country.objects.get(code="AR")
    update_organization(
        by=None, organization_id=moving.pk, data=OrganizationData(name="Moving", country=argentina)
    )
    keys_follow_names()
    everyone = directory(DirectoryFilters()).values_list("name", flat=True)
    assert list(everyone) == ["Moving", "Staying"]  # Argentina before Brazil


def test_a_region_that_moves_and_a_renamed_country_move_their_organizations(brazil) -> None:
    create_organization(by=None, data=OrganizationData(name="In Brazil", country=brazil))
    italy = Country.objects.get(code="IT")
    create_organization(by=None, data=OrganizationData(name="In Italy", country=italy))
    everyone = directory(DirectoryFilters()).values_list("name", flat=True)
    assert list(everyone) == ["In Italy", "In Brazil"]  # Europe comes first
    Region.objects.filter(slug="europe").update(position=99)
    assert rekey_organizations(region=Region.objects.get(slug="europe")) == 1
    assert list(everyone.all()) == ["In Brazil", "In Italy"]
    Country.objects.filter(code="BR").update(name="Zz Brazil")
    assert rekey_organizations(country=Country.objects.get(code="BR")) == 1
    keys_follow_names()


def keys_follow_names() -> None:
    """Every organization's stored key is made of its place and name as they are now."""
    rows = list(Organization.objects.select_related("region", "country"))
    assert rows
    for organization in rows:
        region, country = organization.region, organization.country
        assert organization.sort_key == directory_key(
            (region.position, region.slug) if region else None,
            (country.name, country.code) if country else None,
            organization.name,
        ), organization.name


def test_a_csv_import_keys_what_it_creates_and_renames(places, secretariat) -> None:
    report = import_organizations(f"{HEADER}\n{line('Sección 12')}\n", by=secretariat)
    assert not report.errors
    made = Organization.objects.get()
    report = import_organizations(
        f"{HEADER}\n{line('Sección 2', id=str(made.pk))}\n", by=secretariat
    )
    assert not report.errors
    assert Organization.objects.get().sort_key.endswith(natural_key("Sección 2"))
    keys_follow_names()


def test_a_pasted_list_keys_what_it_creates(places, secretariat) -> None:
    text = "## Europe\n1. Italy, Potere al Popolo 12\n2. Italy, Potere al Popolo 3\n"
    batch = pasted.preview_list(by=secretariat, text=text)
    pasted.confirm_list(
        by=secretariat, import_id=batch.pk, decisions=pasted.default_decisions(batch)
    )
    assert Organization.objects.count() == 2
    keys_follow_names()


def test_bulk_creation_and_plain_creation_key_their_rows(places) -> None:
    bulk_organizations(30)
    Organization.objects.create(name="Created without the services 5")
    keys_follow_names()


BEFORE = [("organizations", "0008_pending_application")]


@pytest.fixture
def old_apps(transactional_db: None) -> Iterator[Any]:
    """The models before the sort key; the database goes back to the newest after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_keys_the_organizations_that_exist(old_apps) -> None:
    old_organization = old_apps.get_model("organizations", "Organization")
    old_region = old_apps.get_model("organizations", "Region")
    old_country = old_apps.get_model("organizations", "Country")
    if not old_region.objects.exists():  # a transactional test before emptied the places
        sync_places(old_region, old_country)
    brazil = old_country.objects.get(code="BR")
    for name in ["No. 10", "No. 2", "Émancipation 1"]:
        old_organization.objects.create(name=name, country=brazil, region=brazil.region)
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    keys_follow_names()
    assert list(Organization.objects.values_list("name", flat=True)) == [
        "Émancipation 1",
        "No. 2",
        "No. 10",
    ]


def test_the_secretariat_moving_a_region_in_the_admin_moves_its_organizations(
    staff_client, brazil
) -> None:
    import json

    create_organization(by=None, data=OrganizationData(name="In Brazil", country=brazil))
    latin = brazil.region
    response = staff_client.post(
        f"/admin/organizations/region/{latin.pk}/change/",
        {"name": latin.name, "names": json.dumps(latin.names), "slug": latin.slug,
         "position": 0},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organization.objects.get().sort_key.startswith("00000")
    keys_follow_names()


def test_each_country_keeps_its_organizations_together_shorter_names_first() -> None:
    africa = (6, "africa")
    keys = [
        directory_key(africa, ("Guinea-Bissau", "GW"), "Alpha"),
        directory_key(africa, ("Guinea", "GN"), "Zeta"),
        directory_key(africa, None, "Network"),
        directory_key(africa, ("Guinea", "GN"), "Alpha"),
        directory_key(None, None, "Nowhere"),
    ]
    assert sorted(keys) == [keys[2], keys[3], keys[1], keys[0], keys[4]]
