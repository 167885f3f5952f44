"""Reads about declarations: the text in the reader's language, counts, the list of signatories."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from internationale.core.translations import Chosen, choose
from internationale.declarations.models import Declaration, DeclarationText, Signature

VISIBLE = Q(state=Signature.State.CONFIRMED, needs_moderation=False)
LIST_CACHE_SECONDS = 600


def public_declarations() -> QuerySet[Declaration]:
    return Declaration.objects.exclude(state=Declaration.State.DRAFT).prefetch_related("texts")


def text_for(declaration: Declaration, language: str) -> Chosen[DeclarationText] | None:
    """The text in ``language``, else the original; uses the prefetched texts."""
    return choose(declaration.texts.all(), language)


@dataclass(frozen=True)
class Counts:
    organizations: int
    people: int
    countries: int


def counts(declaration: Declaration) -> Counts:
    """Confirmed, visible signatures: organizations (merged), people, countries. Two queries."""
    visible = Signature.objects.filter(VISIBLE, declaration=declaration)
    totals = visible.aggregate(
        people=Count("pk", filter=Q(kind=Signature.Kind.PERSON)),
        countries=Count("country", distinct=True),
    )
    organizations = visible.filter(kind=Signature.Kind.ORGANIZATION)
    merged = (
        organizations.filter(organization__isnull=True).count()
        + organizations.filter(organization__isnull=False).values("organization").distinct().count()
    )
    return Counts(merged, totals["people"], totals["countries"])


@dataclass
class Group:
    """One heading of the list: networks, or a region's country."""

    region: str
    country: str
    entries: list[dict[str, object]] = field(default_factory=list)
    counted_only: int = 0


def signatory_groups(declaration: Declaration, language: str) -> list[Group]:
    """Signatories as the seeds list them: networks first, then region, country; numbered.

    Organizations that signed more than once (several representatives, or a
    directory match) appear once. People who asked to be only counted add
    to their country's count and appear nowhere else. Cached until a
    signature changes.
    """
    key = f"declarations:list:{declaration.pk}:{declaration.list_changed_at.timestamp()}:{language}"
    groups: list[Group] | None = cache.get(key)
    if groups is None:
        groups = _build_groups(declaration)
        cache.set(key, groups, LIST_CACHE_SECONDS)
    return groups


def _build_groups(declaration: Declaration) -> list[Group]:
    rows = (
        Signature.objects.filter(VISIBLE, declaration=declaration)
        .select_related("country", "country__region", "organization")
        .order_by("country__region__position", "country__name", "-kind", "name", "pk")
    )
    groups: dict[tuple[str, str], Group] = {}
    networks = Group(region="", country="")
    seen_organizations: set[int] = set()
    for signature in rows:
        if signature.country is None:
            group = networks
        else:
            region = signature.country.region
            group = groups.setdefault(
                (region.slug, signature.country.code),
                Group(region=region.local_name, country=signature.country.local_name),
            )
        if signature.kind == Signature.Kind.ORGANIZATION:
            if signature.organization_id is not None:
                if signature.organization_id in seen_organizations:
                    continue
                seen_organizations.add(signature.organization_id)
            group.entries.append(
                {
                    "name": signature.name,
                    "acronym": signature.acronym,
                    "verified": signature.verified,
                    "organization_id": signature.organization_id,
                    "kind": "organization",
                }
            )
        elif signature.show_name:
            group.entries.append({"name": signature.name, "kind": "person", "verified": False})
        else:
            group.counted_only += 1
    ordered = [networks] if networks.entries or networks.counted_only else []
    return ordered + list(groups.values())
