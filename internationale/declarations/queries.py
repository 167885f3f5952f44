"""Reads about declarations: the text in the reader's language, counts, the list of signatories."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import translation

from internationale.core.cache import local_cache
from internationale.core.translations import Chosen, LanguageVersion, choose, language_versions
from internationale.declarations.models import (
    Declaration,
    DeclarationPdf,
    DeclarationText,
    Signature,
)
from internationale.organizations.models import Country
from internationale.organizations.services import normalize

VISIBLE = Q(state=Signature.State.CONFIRMED, needs_moderation=False)
LIST_CACHE_SECONDS = 600


def public_declarations() -> QuerySet[Declaration]:
    return Declaration.objects.exclude(state=Declaration.State.DRAFT).prefetch_related("texts")


#: How long the declaration a signature is for is kept in the local cache: a burst of
#: signatures reads its row about once in that time.
SIGNING_CACHE_SECONDS = 2


def declaration_for_signing(slug: str) -> Declaration | None:
    """The published declaration at ``slug``, without its texts, as signing needs it.

    Kept a moment in the local cache, since a burst of signatures would otherwise
    read the same row for each. The process that changes a declaration forgets it
    (``declaration_changed``); other processes see the change within
    SIGNING_CACHE_SECONDS.
    """
    key = f"declaration-for-signing:{slug}"
    found: Declaration | None = local_cache.get(key)
    if found is None:
        found = Declaration.objects.exclude(state=Declaration.State.DRAFT).filter(slug=slug).first()
        if found is not None:  # made-up addresses are not kept
            local_cache.set(key, found, SIGNING_CACHE_SECONDS)
    return found


def declaration_changed(slug: str) -> None:
    """Read the declaration at ``slug`` afresh at its next signature."""
    local_cache.delete(f"declaration-for-signing:{slug}")


def text_for(declaration: Declaration, language: str) -> Chosen[DeclarationText] | None:
    """The text in ``language``, else the original; uses the prefetched texts."""
    return choose(declaration.texts.all(), language)


@dataclass(frozen=True)
class Counts:
    organizations: int
    people: int
    countries: int


def counts(declaration: Declaration, language: str = "en") -> Counts:
    """Confirmed, visible signatures: organizations (merged), people, countries."""
    return contents(declaration, language).counts


#: Entries per page of the list of signatories.
PAGE_SIZE = 500


def _first_of_its_organization(declaration: Declaration) -> Q:
    """Not matched to the directory, or its organization's first visible signature."""
    earlier = Signature.objects.filter(
        VISIBLE,
        declaration=declaration,
        organization=OuterRef("organization"),
        pk__lt=OuterRef("pk"),
    )
    return Q(organization__isnull=True) | Q(~Exists(earlier))


def listed(declaration: Declaration) -> QuerySet[Signature]:
    """The signatures the public list names: organizations, and people who asked to be named.

    An organization matched to the directory is listed once, by its first
    visible signature, however many of its representatives signed.
    """
    return Signature.objects.filter(
        VISIBLE,
        Q(kind=Signature.Kind.ORGANIZATION) | Q(show_name=True),
        _first_of_its_organization(declaration),
        declaration=declaration,
    )


@dataclass(frozen=True)
class Heading:
    """One country of the list (or the international networks, with no country)."""

    region_slug: str  # "" for the networks
    region: str
    country_id: int | None
    country: str
    organizations: int  # listed, directory duplicates merged
    named: int  # people listed by name
    counted_only: int  # people who asked to be only counted
    start: int  # index of its first entry in the whole list
    number_from: int  # number of its first entry, counted per region as the seeds do
    region_listed: int = 0  # entries listed in its whole region (set once they are counted)

    @property
    def listed(self) -> int:
        return self.organizations + self.named


@dataclass(frozen=True)
class Contents:
    """The headings of the whole list, with the totals the page shows."""

    headings: list[Heading]
    version: float  # the list_changed_at it was built at
    built_at: float

    @property
    def total_listed(self) -> int:
        return sum(h.listed for h in self.headings)

    @property
    def counts(self) -> Counts:
        return Counts(
            organizations=sum(h.organizations for h in self.headings),
            people=sum(h.named + h.counted_only for h in self.headings),
            countries=sum(1 for h in self.headings if h.country_id is not None),
        )

    @property
    def pages(self) -> int:
        return max(1, -(-self.total_listed // PAGE_SIZE))

    def regions(self) -> list[tuple[str, str, int, int]]:
        """(slug, name, listed, page) of each region, in order, for the table of contents."""
        found: dict[str, tuple[str, str, int, int]] = {}
        for h in self.headings:
            if h.region_slug not in found:
                found[h.region_slug] = (h.region_slug, h.region, h.region_listed, self.page_of(h))
        return list(found.values())

    def page_of(self, heading: Heading) -> int:
        """The page its heading first shows on (a country with no one named: where it falls)."""
        return min(heading.start // PAGE_SIZE + 1, self.pages)

    def last_page_of(self, heading: Heading) -> int:
        if not heading.listed:
            return self.page_of(heading)
        return (heading.start + heading.listed - 1) // PAGE_SIZE + 1


def contents(declaration: Declaration, language: str, *, exact: bool = False) -> Contents:
    """Every heading of the list with its counts: one grouped query, cached.

    The cached contents serve until the list changes (confirmations,
    withdrawals and moderation move ``list_changed_at`` on). A busy list is
    rebuilt at most once every DECLARATION_LIST_MAX_AGE seconds: while a
    campaign brings confirmations by the second, the counts and the list lag
    by that much rather than every reader paying for the whole count. The
    PDF, stamped with the list's version, asks for the ``exact`` list.
    """
    # ":2" (and on pages): headings carry their region's count; entries of the key's
    # earlier format lack it, so they are never read.
    key = f"declarations:contents:2:{declaration.pk}:{language}"
    version = declaration.list_changed_at.timestamp()
    found: Contents | None = local_cache.get(key)
    now = time.time()
    if found is not None and (
        found.version == version
        or (not exact and now - found.built_at < settings.DECLARATION_LIST_MAX_AGE)
    ):
        return found
    with translation.override(language):  # country and region names
        found = _build_contents(declaration, version=version, built_at=now)
    local_cache.set(key, found, LIST_CACHE_SECONDS)
    return found


def _build_contents(declaration: Declaration, *, version: float, built_at: float) -> Contents:
    person, organization = Signature.Kind.PERSON, Signature.Kind.ORGANIZATION
    per_country = {
        row.pop("country_id"): row
        for row in Signature.objects.filter(VISIBLE, declaration=declaration)
        .values("country_id")
        .annotate(
            organizations=Count(
                "pk", filter=Q(kind=organization) & _first_of_its_organization(declaration)
            ),
            named=Count("pk", filter=Q(kind=person, show_name=True)),
            counted_only=Count("pk", filter=Q(kind=person, show_name=False)),
        )
        .order_by()
    }
    countries = {
        c.pk: c
        for c in Country.objects.select_related("region").filter(
            pk__in=[pk for pk in per_country if pk is not None]
        )
    }

    def order(country_id: int | None) -> tuple[int, int, str]:
        if country_id is None:
            return (0, 0, "")
        country = countries[country_id]
        return (1, country.region.position, normalize(country.local_name))

    headings: list[Heading] = []
    start = 0
    number: dict[str, int] = {}
    for country_id in sorted(per_country, key=order):
        figures = per_country[country_id]
        country = countries.get(country_id) if country_id is not None else None
        region_slug = country.region.slug if country else ""
        h = Heading(
            region_slug=region_slug,
            region=country.region.local_name if country else "",
            country_id=country_id,
            country=country.local_name if country else "",
            organizations=figures["organizations"],
            named=figures["named"],
            counted_only=figures["counted_only"],
            start=start,
            number_from=number.get(region_slug, 0) + 1,
        )
        headings.append(h)
        start += h.listed
        number[region_slug] = number.get(region_slug, 0) + h.listed
    # Each region's running number ended at how many it lists.
    headings = [replace(h, region_listed=number[h.region_slug]) for h in headings]
    return Contents(headings, version=version, built_at=built_at)


@dataclass(frozen=True)
class Entry:
    number: int
    name: str
    acronym: str
    kind: str
    verified: bool


@dataclass
class Group:
    """The part of one country's list shown on a page."""

    heading: Heading
    continued: bool  # the country began on an earlier page
    entries: list[Entry] = field(default_factory=list)


def signatories_page(declaration: Declaration, language: str, page: int) -> list[Group]:
    """The entries of one page of the list, under their headings; one query, cached.

    A page holds PAGE_SIZE entries in the list's order (networks, then region
    by region, country by country, organizations before people, by name), so
    a list of a hundred thousand is read a page at a time.
    """
    found = contents(declaration, language)
    key = f"declarations:page:2:{declaration.pk}:{found.version}:{language}:{page}"
    groups: list[Group] | None = local_cache.get(key)
    if groups is None:
        groups = _build_page(declaration, found, page)
        local_cache.set(key, groups, LIST_CACHE_SECONDS)
    return groups


def _build_page(declaration: Declaration, found: Contents, page: int) -> list[Group]:
    first = (page - 1) * PAGE_SIZE
    on_page = [h for h in found.headings if found.page_of(h) <= page <= found.last_page_of(h)]
    groups = {h.country_id: Group(h, continued=found.page_of(h) < page) for h in on_page}
    # What each country gives to this page: from where in its own list, and how many.
    parts = []
    for h in on_page:
        offset = max(0, first - h.start)
        count = min(h.listed - offset, first + PAGE_SIZE - h.start - offset)
        if h.listed and count > 0:
            parts.append((h, offset, count))
    seen: dict[int, int] = {}
    for row in _page_rows(declaration, parts):
        heading, offset, _count = parts[row.part]
        within = offset + seen.get(row.part, 0)
        seen[row.part] = seen.get(row.part, 0) + 1
        groups[heading.country_id].entries.append(
            Entry(
                number=heading.number_from + within,
                name=row.name,
                acronym=row.acronym,
                kind=row.kind,
                verified=bool(row.verified),
            )
        )
    return list(groups.values())


#: A page reads at most this many countries as parts of one query; past it (a page of many
#: small countries) it reads them with one sorted query instead.
MAX_PARTS = 40
_COLUMNS = ("country_id", "name", "acronym", "kind", "verified")


class _Row(NamedTuple):
    part: int  # which of the page's countries
    country_id: int | None
    name: str
    acronym: str
    kind: str
    verified: bool


def _page_rows(declaration: Declaration, parts: list[tuple[Heading, int, int]]) -> list[_Row]:
    """The rows of the page, in order, in one query.

    Each country is read as its own part, walking the list index from its
    offset (no sort of a whole large country for a page in its middle); the
    parts are joined with UNION ALL, which Django's ORM builds only without
    slices on SQLite, hence the SQL put together here from the ORM's parts.
    """
    if not parts:
        return []
    if len(parts) > MAX_PARTS:
        return _page_rows_sorted(declaration, parts)
    pieces: list[str] = []
    params: list[Any] = []
    for number, (heading, offset, count) in enumerate(parts):
        part = (
            listed(declaration)
            .filter(country=heading.country_id)  # None: IS NULL, the networks
            .order_by("kind", "sort_name", "pk")
            .values_list(*_COLUMNS, "sort_name", "pk")[offset : offset + count]
        )
        sql, part_params = part.query.sql_with_params()
        # The SQL is the ORM's own, its values passed as parameters.
        pieces.append(f"SELECT {number} AS part, p{number}.* FROM ({sql}) p{number}")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        # part, then the columns in the order asked: kind is the 5th, sort_name the 7th, pk the 8th
        cursor.execute(" UNION ALL ".join(pieces) + " ORDER BY 1, 5, 7, 8", params)
        rows = cursor.fetchall()
    return [_Row(*row[:6]) for row in rows]


def _page_rows_sorted(
    declaration: Declaration, parts: list[tuple[Heading, int, int]]
) -> list[_Row]:
    ids = [heading.country_id for heading, _offset, _count in parts]
    where = Q(country_id__in=[i for i in ids if i is not None])
    if None in ids:
        where |= Q(country_id__isnull=True)
    position = Case(
        *[When(country_id=i, then=Value(n)) for n, i in enumerate(ids) if i is not None],
        default=Value(ids.index(None) if None in ids else -1),
    )
    offset = parts[0][1]
    total = sum(count for _heading, _offset, count in parts)
    rows = (
        listed(declaration)
        .filter(where)
        .annotate(part=position)
        .order_by("part", "kind", "sort_name", "pk")
        .values_list("part", *_COLUMNS)[offset : offset + total]
    )
    return [_Row(*row) for row in rows]


def all_groups(declaration: Declaration, language: str) -> tuple[Contents, list[Group]]:
    """The whole list at its version, each country's entries in one group (for the PDF)."""
    found = contents(declaration, language, exact=True)
    merged: dict[int | None, Group] = {}
    for page in range(1, found.pages + 1):
        for group in _build_page(declaration, found, page):
            kept = merged.setdefault(group.heading.country_id, Group(group.heading, False))
            kept.entries.extend(group.entries)
    return found, list(merged.values())


def without_people(groups: list[Group]) -> list[Group]:
    """The same groups listing organizations only (people stay in each heading's counts)."""
    return [
        Group(g.heading, g.continued, [e for e in g.entries if e.kind != Signature.Kind.PERSON])
        for g in groups
    ]


def text_key(shown: Chosen[DeclarationText]) -> str:
    """Which text, at which version, a PDF shows."""
    return f"{shown.item.pk}:{shown.item.version}"


def usable_pdf(
    declaration: Declaration, language: str, shown: Chosen[DeclarationText], *, since: float
) -> tuple[DeclarationPdf | None, bool]:
    """The stored PDF if it may be served, and whether it is up to date.

    A PDF is served if it shows the text as it is now and lists every
    signature up to the list's version ``since``: the current one for a new
    reader, so that a signature confirmed before the PDF is asked for is in
    it; the one a waiting reader was first shown, so that a busy list moving
    on while its PDF is made does not keep that reader waiting. A PDF of an
    older text is never served.
    """
    stored = DeclarationPdf.objects.filter(declaration=declaration, language=language).first()
    if stored is None or stored.built_at is None or stored.text_key != text_key(shown):
        return None, False
    listed = stored.list_version if stored.list_version is not None else float("-inf")
    fresh = listed == declaration.list_changed_at.timestamp()
    return (stored if listed >= since else None), fresh


def managed_declarations() -> QuerySet[Declaration]:
    """Every declaration, drafts too, newest first, with its texts and signature counts."""
    return Declaration.objects.prefetch_related("texts").annotate(
        confirmed=Count("signatures", filter=Q(signatures__state=Signature.State.CONFIRMED)),
        waiting=Count("signatures", filter=Q(signatures__needs_moderation=True)),
    )


def text_languages(declaration: Declaration) -> list[LanguageVersion[DeclarationText]]:
    """Each shipped language with the declaration's text in it, if any, and how it stands."""
    return language_versions(declaration.texts.all())


def awaiting_verification(user_id: int) -> QuerySet[Signature]:
    """Confirmed signatures on behalf of organizations this user represents, not yet verified."""
    from internationale.accounts.models import Role, RoleAssignment

    represented = RoleAssignment.objects.filter(user_id=user_id, role=Role.REPRESENTATIVE).values(
        "organization_id"
    )
    return (
        Signature.objects.filter(
            organization__in=represented,
            kind=Signature.Kind.ORGANIZATION,
            state=Signature.State.CONFIRMED,
            verified=False,
        )
        .exclude(flagged__contains="denied")
        .select_related("organization", "declaration", "country")
        .prefetch_related("declaration__texts")
        .order_by("-confirmed_at", "-pk")
    )


def unaccounted(emails: set[str]) -> tuple[set[str], set[str]]:
    """Of signers' addresses that were answered "check your e-mail": those with no signature
    stored, and those with no mail in the outbox (once the worker stored the confirmations)."""
    from internationale.mail.models import OutboxMessage

    stored = set(Signature.objects.filter(email__in=emails).values_list("email", flat=True))
    mailed = {
        address
        for recipients in OutboxMessage.objects.values_list("to", flat=True)
        for address in recipients
    }
    return emails - stored, emails - mailed
