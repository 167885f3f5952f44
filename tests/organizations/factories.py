"""Many organizations at once, for size tests and benchmarks."""

from __future__ import annotations

import itertools

from internationale.organizations.models import (
    Country,
    Organization,
    OrganizationKind,
    OrganizationStatus,
)
from internationale.organizations.services import search_text_for

STATUSES = list(OrganizationStatus.values)
KINDS = list(OrganizationKind.values)


def bulk_organizations(count: int, *, prefix: str = "Organization") -> None:
    """Create ``count`` organizations spread over every country, kind and status."""
    countries = list(Country.objects.select_related("region"))
    rows = []
    for i, country in zip(range(count), itertools.cycle(countries), strict=False):
        name = f"{prefix} {i:05d} of {country.name}"
        rows.append(
            Organization(
                name=name,
                acronym=f"O{i}",
                kind=KINDS[i % len(KINDS)],
                status=STATUSES[i % len(STATUSES)],
                country=country,
                region=country.region,
                search_text=search_text_for(name, f"O{i}", []),
            )
        )
    Organization.objects.bulk_create(rows, batch_size=2000)
