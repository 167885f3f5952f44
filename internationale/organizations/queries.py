"""Reads of the directory, each with its joins built in: no page can cause N+1 queries."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import get_language

from internationale.accounts.models import User
from internationale.core.cache import local_cache
from internationale.core.translations import choose
from internationale.organizations.listparse import similarity
from internationale.organizations.models import (
    IN_THE_INTERNATIONAL,
    Application,
    Country,
    Description,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Region,
)
from internationale.organizations.services import normalize


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    region: str = ""
    country: str = ""
    kind: str = ""
    status: str = ""
    members_only: bool = False

    @property
    def any(self) -> bool:
        return bool(self.query or self.region or self.country or self.kind or self.status)


def directory(filters: DirectoryFilters) -> QuerySet[Organization]:
    """Organizations ordered as the directory shows them: region, country, name (``sort_key``)."""
    organizations = Organization.objects.select_related("region", "country")
    if filters.query:
        for word in normalize(filters.query).split()[:8]:
            organizations = organizations.filter(search_text__contains=word)
    if filters.region:
        organizations = organizations.filter(region__slug=filters.region)
    if filters.country:
        organizations = organizations.filter(country__code=filters.country)
    if filters.kind in OrganizationKind.values:
        organizations = organizations.filter(kind=filters.kind)
    if filters.status in OrganizationStatus.values:
        organizations = organizations.filter(status=filters.status)
    elif filters.members_only:
        organizations = organizations.filter(status__in=IN_THE_INTERNATIONAL)
    return organizations.order_by("sort_key", "pk")


#: Organizations on a page of the directory.
PAGE_SIZE = 100
#: What the directory's list shows of each organization and its places.
LISTED = (
    *("name", "acronym", "kind", "status", "region_id", "country_id"),
    *("region__name", "region__names", "region__slug", "region__position"),
    *("country__name", "country__names", "country__code"),
)


def directory_page(filters: DirectoryFilters, number: str | int | None) -> Page[Organization]:
    """One page of the directory, in its order, with each organization's region and country.

    The page's ids are read from ``org_directory_idx`` in its order (the stored
    ``sort_key``), then only those rows are read in full with their places:
    two queries besides the count, whatever the size of the directory.
    """
    ids = directory(filters).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    wanted = list(page.object_list)
    rows = Organization.objects.select_related("region", "country").only(*LISTED).in_bulk(wanted)
    # The page of organizations keeps the paginator of their ids: same count, same pages.
    paginator: Any = page.paginator
    return Page([rows[pk] for pk in wanted if pk in rows], page.number, paginator)


@dataclass(frozen=True)
class DirectoryCounts:
    by_region: list[tuple[Region, int]]  # organizations in the international, every region
    by_status: list[tuple[str, str, int]]  # (status, label, count), every status


def directory_counts(regions: list[Region]) -> DirectoryCounts:
    """The directory's counts by region and by status, from one grouped query.

    Grouping by (region, status) reads ``org_counts_idx`` alone, which holds both.
    """
    rows = list(
        Organization.objects.order_by()
        .values_list("region_id", "status")
        .annotate(n=Count("pk"))
        .values_list("region_id", "status", "n")
    )
    members: Counter[int | None] = Counter()
    statuses: Counter[str] = Counter()
    for region_id, status, n in rows:
        statuses[status] += n
        if status in IN_THE_INTERNATIONAL:
            members[region_id] += n
    return DirectoryCounts(
        by_region=[(region, members[region.pk]) for region in regions],
        by_status=[
            (value, str(label), statuses[value]) for value, label in OrganizationStatus.choices
        ],
    )


def regions() -> list[Region]:
    """Every region, in the international's order."""
    return list(Region.objects.order_by("position", "slug"))


def countries_in_use() -> QuerySet[Country]:
    """Countries that have at least one organization, for the filter menu."""
    return (
        Country.objects.filter(Exists(Organization.objects.filter(country=OuterRef("pk"))))
        .only("code", "name", "names")
        .order_by("name")
    )


def organization_named(name: str, country: Country | None) -> Organization | None:
    """The organization of this country (None: a network) whose name is ``name``,
    ignoring case and accents. ``search_text`` starts with the normalised name,
    so one indexed-prefix query finds the candidates."""
    wanted = normalize(name)
    for candidate in Organization.objects.filter(
        country=country, search_text__startswith=wanted
    ).only("pk", "name"):
        if normalize(candidate.name) == wanted:
            return candidate
    return None


def directory_match(name: str, acronym: str, country: Country | None) -> Organization | None:
    """The directory organization a signer or a line is, when name or acronym say so exactly.

    Same country, and the same name (ignoring case and accents) or the only
    one with that acronym; two queries at most, so it stays fast on a large
    directory.
    """
    named = organization_named(name, country)
    if named is not None:
        return named
    if acronym:
        matches = list(
            Organization.objects.filter(country=country, acronym__iexact=acronym.strip())[:2]
        )
        if len(matches) == 1:
            return matches[0]
    return None


def organizations_named(names: list[str]) -> dict[str, list[Organization]]:
    """For each name, the organizations whose name or acronym it is (ignoring case and
    accents), by name as given; an unknown name has none, an ambiguous one several.

    One query, whatever the number of names: ``search_text`` holds the normalised
    name, acronym and other names one a line, and each name is looked for as a
    whole line; the candidates are then kept for their name or acronym only.
    """
    wanted = {name: normalize(name) for name in names}
    lines = {line for line in wanted.values() if line}
    found: dict[str, list[Organization]] = {name: [] for name in names}
    if not lines:
        return found
    whole_line = Q()
    for line in lines:
        whole_line |= (
            Q(search_text=line)
            | Q(search_text__startswith=f"{line}\n")
            | Q(search_text__endswith=f"\n{line}")
            | Q(search_text__contains=f"\n{line}\n")
        )
    candidates = list(
        Organization.objects.filter(whole_line)
        .select_related("country")
        .only("pk", "name", "acronym", "country__name", "country__names", "country__code")
        .order_by("sort_key", "pk")
    )
    for name, line in wanted.items():
        found[name] = [
            candidate
            for candidate in candidates
            if line and line in (normalize(candidate.name), normalize(candidate.acronym))
        ]
    return found


#: Lowest similarity for an organization to be offered to a signer as "is this you?".
SUGGESTION_CUTOFF = 75.0


def similar_organizations(
    name: str, acronym: str, country: Country | None, *, limit: int = 3
) -> list[Organization]:
    """Directory organizations of the country whose name is close to ``name``, best first."""
    scored = []
    for candidate in Organization.objects.filter(country=country).select_related("country"):
        score = similarity(name, candidate.name)
        if acronym and candidate.acronym and normalize(acronym) == normalize(candidate.acronym):
            score = max(score, SUGGESTION_CUTOFF)
        if score >= SUGGESTION_CUTOFF:
            scored.append((-score, candidate.name, candidate))
    return [candidate for _score, _name, candidate in sorted(scored)[:limit]]


def directory_choice(
    picked: int | str, name: str, acronym: str, country: Country | None
) -> tuple[Organization | None, list[Organization]]:
    """The directory organization a signer signs for, or the ones to ask them about.

    ``picked`` is the signer's pick among the candidates shown before: an
    organization's number, "none" (not in the directory), or "" (no pick yet).
    The pick wins; else an exact match by name or acronym; else the close
    names, for the signer to choose from before anything is stored.
    """
    if picked == "none":
        return None, []
    if picked:
        found = Organization.objects.filter(pk=picked).first()
        if found is not None:
            return found, []
    exact = directory_match(name, acronym, country)
    if exact is not None:
        return exact, []
    return None, similar_organizations(name, acronym, country)


def countries_by_name() -> QuerySet[Country]:
    """Every country and territory by name, as the lists to correct a line offer them."""
    return Country.objects.order_by("name").only("code", "name", "names")


def organization_detail(pk: int) -> Organization | None:
    return (
        Organization.objects.select_related("region", "country", "country__region")
        .prefetch_related("descriptions", "status_changes")
        .filter(pk=pk)
        .first()
    )


def organization_with_logo(name: str) -> Organization | None:
    """The organization whose current logo is stored as ``logos/<name>``.

    Only a name found in the database is ever opened, so no path a visitor
    types can reach another file under MEDIA_ROOT.
    """
    return Organization.objects.filter(logo=f"logos/{name}").only("pk", "logo").first()


@dataclass(frozen=True)
class ShownDescription:
    text: str
    language: str
    is_fallback: bool
    is_outdated: bool


def description_for(
    organization: Organization, language: str | None = None
) -> ShownDescription | None:
    """The description in the reader's language, else the original; uses the prefetch."""
    language = (language or get_language() or "en").split("-")[0]
    chosen = choose(organization.descriptions.all(), language)
    if chosen is None:
        return None
    return ShownDescription(
        text=chosen.item.text,
        language=chosen.item.language,
        is_fallback=chosen.is_fallback,
        is_outdated=chosen.is_outdated,
    )


def outdated_translations() -> QuerySet[Description]:
    """Translations made from an older version of their original."""
    original_version = Description.objects.filter(
        organization=OuterRef("organization"), is_original=True
    ).values("version")[:1]
    return (
        Description.objects.filter(is_original=False)
        .annotate(original_version=Subquery(original_version))
        .filter(
            Q(translated_from_version__lt=F("original_version"))
            | Q(translated_from_version__isnull=True)
        )
    )


def application_detail(pk: int) -> Application | None:
    return (
        Application.objects.select_related(
            "organization", "organization__country", "applicant", "decided_by"
        )
        .prefetch_related("answers__point", "messages__author")
        .filter(pk=pk)
        .first()
    )


def applications(applicant: User | None, *, state: str = "") -> QuerySet[Application]:
    """Applications newest first: all of them, or one applicant's."""
    items = Application.objects.select_related("organization", "organization__country", "applicant")
    if applicant is not None:
        items = items.filter(applicant=applicant)
    if state in Application.State.values:
        items = items.filter(state=state)
    return items.order_by("-submitted_at", "-id")


#: How long the places' names, sorted in a language, are kept: the secretariat
#: renames a country rarely, and the sign form offers them on every view and checks
#: a signer's choice against them.
PLACES_CACHE_SECONDS = 300


def country_choices(empty_label: str) -> list[tuple[str, str]]:
    """(code, name) of every country in the page's language, in that language's order.

    Sorting 260 names the way a language sorts them costs more than taking a
    signature, so the sorted list is kept per language in the local cache.
    """
    key = f"country-choices:{get_language() or ''}"
    named: list[tuple[str, str]] | None = local_cache.get(key)
    if named is None:
        pairs = [(country.code, country.local_name) for country in Country.objects.all()]
        named = sorted(pairs, key=lambda pair: normalize(pair[1]))
        local_cache.set(key, named, PLACES_CACHE_SECONDS)
    return [("", empty_label), *named]


#: The shape of a place's code (the model's check constraint): anything else is no place.
_CODE = re.compile(r"[A-Z]{2}|X-[A-Z]{3}")


def country_by_code(code: str) -> Country | None:
    """The country or territory with ``code``, kept a while: every signature names one."""
    if not _CODE.fullmatch(code):
        return None
    key = f"country:{code}"
    found: Country | None = local_cache.get(key)
    if found is None:
        found = Country.objects.filter(code=code).first()
        if found is not None:  # made-up codes are not kept
            local_cache.set(key, found, PLACES_CACHE_SECONDS)
    return found
