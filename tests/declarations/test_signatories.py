"""The public list of signatories: grouped as the seeds list them, numbered, paged, cached."""

from __future__ import annotations

import itertools
import re

import pytest
from django.utils import timezone

from internationale.declarations import queries
from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.declarations.services import confirmations, signing
from internationale.organizations.models import Country, Organization

_emails = itertools.count()


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="call", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="Call", body="Act.", is_original=True
    )
    return declaration


def sign(
    declaration: Declaration,
    name: str,
    code: str | None,
    *,
    kind: str = "organization",
    show_name: bool = True,
    organization: Organization | None = None,
    acronym: str = "",
) -> Signature:
    """A confirmed signature, as one that went through the e-mailed link."""
    signature = Signature.objects.create(
        declaration=declaration, kind=kind, name=name, sort_name=Signature.sort_key(name),
        acronym=acronym,
        email=f"signer{next(_emails)}@example.org",
        country=Country.objects.get(code=code) if code else None,
        organization=organization, show_name=show_name,
        state="confirmed", confirmed_at=timezone.now(),
    )  # fmt: skip
    signing.mark_list_changed(declaration.pk)
    return signature


def fresh(declaration: Declaration) -> Declaration:
    return Declaration.objects.get(pk=declaration.pk)


def shown(client, declaration: Declaration, page: int = 1) -> list[str]:
    """The list items of a page, as text, with their numbers."""
    body = client.get(f"/declarations/{declaration.slug}/signatories/?page={page}").content
    items = []
    for ol in re.finditer(r'<ol class="signatories" start="(\d+)">(.*?)</ol>', body.decode(), re.S):
        number = int(ol.group(1))
        for item in re.findall(r"<li[^>]*>(.*?)</li>", ol.group(2), re.S):
            items.append(f"{number}. {re.sub(r'<[^>]+>', '', item).strip()}")
            number += 1
    return items


def test_networks_come_first_then_regions_in_order_then_countries_by_name(declaration) -> None:
    sign(declaration, "Peasant Network", None)
    sign(declaration, "Partido X", "AR")
    sign(declaration, "Party Y", "ZA")
    sign(declaration, "Movimento Z", "BR")
    headings = queries.contents(fresh(declaration), "en").headings
    assert [(h.region, h.country) for h in headings] == [
        ("", ""),
        ("Latin America and the Caribbean", "Argentina"),
        ("Latin America and the Caribbean", "Brazil"),
        ("Sub-Saharan Africa", "South Africa"),
    ]


def test_each_region_heading_gives_how_many_it_lists(declaration, client) -> None:
    sign(declaration, "Partido X", "AR")
    sign(declaration, "Movimento Z", "BR")
    sign(declaration, "Ana", "BR", kind="person")
    sign(declaration, "Quiet", "BR", kind="person", show_name=False)  # counted, not listed
    sign(declaration, "Party Y", "ZA")
    body = client.get("/declarations/call/signatories/").content.decode()
    headings = re.findall(r"<h2 id=\"region-[^\"]+\">([^<]+) <span class=\"count\">\((\d+)\)", body)
    assert headings == [("Latin America and the Caribbean", "3"), ("Sub-Saharan Africa", "1")]


def test_countries_follow_the_readers_language(declaration) -> None:
    # In Spanish "Alemania" (Germany) comes before "Francia"; in English France comes first.
    sign(declaration, "Parti A", "FR")
    sign(declaration, "Partei B", "DE")
    assert [h.country for h in queries.contents(fresh(declaration), "es").headings] == [
        "Alemania",
        "Francia",
    ]
    assert [h.country for h in queries.contents(fresh(declaration), "en").headings] == [
        "France",
        "Germany",
    ]


@pytest.mark.parametrize("parts", [40, 1], ids=["one-part-per-country", "one-sorted-query"])
def test_entries_are_numbered_per_region_organizations_before_people(
    declaration, client, monkeypatch, parts
) -> None:
    monkeypatch.setattr(queries, "MAX_PARTS", parts)
    sign(declaration, "Movimento Sem Terra", "BR", acronym="MST")
    sign(declaration, "ana souza", "BR", kind="person")
    sign(declaration, "Frente Popular", "AR")
    sign(declaration, "Via Campesina", None)
    sign(declaration, "Émilie Zola", "BR", kind="person")
    sign(declaration, "Zé Maria", "BR", kind="person")
    assert shown(client, declaration) == [
        "1. Via Campesina",
        "1. Frente Popular",
        "2. MST \u2013 Movimento Sem Terra",
        "3. ana souza",
        "4. Émilie Zola",  # case and accents do not change the order
        "5. Zé Maria",
    ]


def test_people_only_counted_are_in_the_counts_and_nowhere_else(declaration, client) -> None:
    sign(declaration, "Named Person", "CL", kind="person")
    sign(declaration, "Hidden Person", "CL", kind="person", show_name=False)
    sign(declaration, "Quiet Person", "PE", kind="person", show_name=False)
    body = client.get("/declarations/call/signatories/").content.decode()
    assert "Hidden Person" not in body
    assert "Quiet Person" not in body
    assert "Named Person" in body
    assert 'Chile <span class="count">(1 + 1 not named)' in body
    assert 'Peru <span class="count">(0 + 1 not named)' in body
    assert queries.counts(fresh(declaration)) == queries.Counts(
        organizations=0, people=3, countries=2
    )


def test_an_organization_of_the_directory_that_signed_twice_is_listed_once(
    declaration, client, organization
) -> None:
    sign(declaration, organization.name, "BR", organization=organization)
    sign(declaration, organization.name + " (national office)", "BR", organization=organization)
    assert shown(client, declaration) == [f"1. {organization.name}"]
    assert queries.counts(fresh(declaration)).organizations == 1


@pytest.mark.parametrize("parts", [40, 1], ids=["one-part-per-country", "one-sorted-query"])
def test_a_long_list_is_read_a_page_at_a_time_and_numbering_goes_on(
    declaration, client, monkeypatch, parts
) -> None:
    monkeypatch.setattr(queries, "PAGE_SIZE", 3)
    monkeypatch.setattr(queries, "MAX_PARTS", parts)
    for number in range(4):
        sign(declaration, f"Org BR {number}", "BR")
    for number in range(3):
        sign(declaration, f"Org ZA {number}", "ZA")
    sign(declaration, "Counted", "ZA", kind="person", show_name=False)
    pages = [shown(client, declaration, page) for page in (1, 2, 3)]
    assert pages == [
        ["1. Org BR 0", "2. Org BR 1", "3. Org BR 2"],
        ["4. Org BR 3", "1. Org ZA 0", "2. Org ZA 1"],
        ["3. Org ZA 2"],
    ]
    second = client.get("/declarations/call/signatories/?page=2").content.decode()
    assert 'Brazil <span class="count">(4) \u2013 continued' in second
    assert "Page 2 of 3" in second
    contents = client.get("/declarations/call/signatories/").content.decode()
    assert 'href="?page=2#region-sub-saharan-africa"' in contents


@pytest.mark.parametrize("page", ["0", "99", "two", "-1"])
def test_a_page_out_of_range_shows_the_nearest_page(declaration, client, page) -> None:
    sign(declaration, "Only One", "BR")
    response = client.get(f"/declarations/call/signatories/?page={page}")
    assert response.status_code == 200
    assert "Only One" in response.content.decode()


def test_the_list_shows_a_confirmation_at_once_though_it_is_cached(declaration, client) -> None:
    sign(declaration, "First", "BR")
    assert shown(client, declaration) == ["1. First"]
    signing.sign_declaration(
        declaration=declaration,
        data=signing.SignatureData(kind="organization", name="Second", email="s@example.org",
                                    country=Country.objects.get(code="BR"), representative="R"),
        base_url="http://testserver/",
    )  # fmt: skip
    signature = Signature.objects.get(email="s@example.org")
    signing.confirm_signature(token=confirmations.confirmation_token(signature))
    assert shown(client, declaration) == ["1. First", "2. Second"]


def test_a_page_costs_the_same_queries_however_long_the_list(
    declaration, client, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from internationale.core.cache import local_cache as cache

    def queries_for_a_page() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/declarations/call/signatories/").status_code == 200
        return len(captured)

    sign(declaration, "Lone Org", "BR")
    few = queries_for_a_page()
    for number in range(300):
        sign(declaration, f"Org {number}", ["BR", "AR", "ZA", "FR", None][number % 5])
    assert queries_for_a_page() == few


def test_a_busy_list_is_rebuilt_at_most_once_in_its_max_age(declaration, settings) -> None:
    sign(declaration, "First", "BR")
    assert queries.counts(fresh(declaration)).organizations == 1
    settings.DECLARATION_LIST_MAX_AGE = 60
    sign(declaration, "Second", "BR")
    assert queries.counts(fresh(declaration)).organizations == 1  # built a moment ago: it lags
    settings.DECLARATION_LIST_MAX_AGE = 0
    assert queries.counts(fresh(declaration)).organizations == 2
