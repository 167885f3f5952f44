"""The demo congress's sections: an invented, validated membership figure for each of the
international's 26 sections, and the apportionment of the congress's delegates."""

from __future__ import annotations

import zlib
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from internationale.congresses.models import Congress, MembershipFigure
from internationale.congresses.services.sections import recompute_apportionment
from internationale.organizations.demo import SECTIONS
from internationale.organizations.models import SECTION_STATUSES, Organization

AS_OF = date(2026, 9, 30)
DECIDED_AT = datetime(2026, 10, 15, 12, 0, tzinfo=timezone.get_fixed_timezone(0))


def invented_members(section: Organization) -> int:
    """A plausible membership for a demo section, the same on every run: 40 to 2,500."""
    key = f"{section.country_id}:{section.name}"
    return 40 + zlib.crc32(key.encode("utf-8")) % 2461


@transaction.atomic
def load(congress: Congress) -> int:
    """Give each demo section a validated figure and compute the apportionment (Hamilton,
    the congress's 60 delegates, minimum 1); return how many rows were made. A second run
    makes nothing."""
    names = [row[1] for row in SECTIONS]
    sections = Organization.objects.filter(name__in=names, status__in=SECTION_STATUSES)
    have = set(
        MembershipFigure.objects.filter(congress=congress).values_list("organization_id", flat=True)
    )
    made = [
        MembershipFigure(
            congress=congress,
            organization=section,
            members=invented_members(section),
            as_of=AS_OF,
            state=MembershipFigure.State.VALIDATED,
            declared_at=DECIDED_AT,
            decided_at=DECIDED_AT,
        )
        for section in sections.order_by("pk")
        if section.pk not in have
    ]
    MembershipFigure.objects.bulk_create(made)
    stale = made or not congress.apportionments.exists()
    if stale and congress.apportionment_frozen_at is None:
        recompute_apportionment(by=None, congress_id=congress.pk)
        return len(made) + 1
    return len(made)
