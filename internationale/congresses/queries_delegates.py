"""Reads about delegates: the board by section, the quorum, the credentials and desk lists."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from internationale.congresses.models import (
    Congress,
    Delegate,
    HallCode,
    Proxy,
    SectionAllotment,
)
from internationale.congresses.services.delegates_credentials import seated
from internationale.organizations.models import Organization


@dataclass
class SectionBoard:
    organization: Organization
    allotment: SectionAllotment | None
    delegates: list[Delegate] = field(default_factory=list)
    alternates: list[Delegate] = field(default_factory=list)

    @property
    def voting(self) -> bool:
        return self.allotment is not None and self.allotment.voting


@dataclass(frozen=True)
class Quorum:
    """The hall's state: the voting weight, the weight present (with proxies) and heads."""

    voting_weight: Decimal
    present_weight: Decimal
    proxy_weight: Decimal
    quorum_percent: int
    seated: int
    present: int
    computed_at: datetime

    @property
    def quorum_weight(self) -> Decimal:
        return (self.voting_weight * self.quorum_percent / 100).quantize(Decimal("0.001"))

    @property
    def reached(self) -> bool:
        return self.voting_weight > 0 and (self.present_weight + self.proxy_weight) * 100 >= (
            self.voting_weight * self.quorum_percent
        )

    @property
    def represented_weight(self) -> Decimal:
        return self.present_weight + self.proxy_weight

    def etag(self, language: str) -> str:
        state = (
            f"{language}|{self.voting_weight}|{self.present_weight}|{self.proxy_weight}|"
            f"{self.quorum_percent}|{self.seated}|{self.present}"
        )
        return '"' + hashlib.sha256(state.encode()).hexdigest()[:32] + '"'


def _rows(congress: Congress) -> QuerySet[Delegate]:
    return (
        Delegate.objects.filter(congress=congress)
        .exclude(credentials=Delegate.Credentials.WITHDRAWN)
        .select_related("organization", "replaces")
        .prefetch_related("replaced_by")
        .order_by("organization__sort_key", "organization_id", "name", "pk")
    )


def board(congress: Congress) -> list[SectionBoard]:
    """Every section with an allotment or a nominee, its delegates and its alternates."""
    sections: dict[int, SectionBoard] = {}
    for allotment in (
        SectionAllotment.objects.filter(congress=congress)
        .select_related("organization")
        .order_by("organization__sort_key", "organization_id")
    ):
        sections[allotment.organization_id] = SectionBoard(allotment.organization, allotment)
    for row in _rows(congress):
        entry = sections.setdefault(row.organization_id, SectionBoard(row.organization, None))
        (entry.delegates if row.kind == Delegate.Kind.DELEGATE else entry.alternates).append(row)
    return sorted(sections.values(), key=lambda s: (s.organization.sort_key, s.organization.pk))


def section_rows(congress: Congress, organization: Organization) -> QuerySet[Delegate]:
    """A section's nominees (withdrawn ones left out), with the invitation to show its address."""
    return _rows(congress).filter(organization=organization).select_related("user", "invitation")


def credentials_rows(congress: Congress) -> QuerySet[Delegate]:
    """Every nominee not withdrawn, with account and invitation (the committee sees addresses)."""
    return _rows(congress).select_related("user", "invitation")


def _voting(congress: Congress) -> Q:
    voting = SectionAllotment.objects.filter(congress=congress, voting=True).values(
        "organization_id"
    )
    return seated(congress) & Q(organization_id__in=voting)


def quorum(congress: Congress) -> Quorum:
    """The voting weight of the seated delegates of voting sections, and how much is here.

    Present weight counts seated delegates in the hall; the proxy weight, the
    votes of absent delegates whose proxy holder is in the hall.
    """
    rows = list(Delegate.objects.filter(_voting(congress)).values_list("pk", "weight", "present"))
    here = {pk for pk, _weight, present in rows if present}
    weights = {pk: weight for pk, weight, _present in rows}
    by_proxy = Proxy.objects.filter(congress=congress, holder_id__in=here).values_list(
        "giver_id", flat=True
    )
    proxied = sum((weights.get(pk, Decimal(0)) for pk in by_proxy if pk not in here), Decimal(0))
    return Quorum(
        voting_weight=sum((w for _pk, w, _p in rows), Decimal(0)),
        present_weight=sum((w for pk, w, _p in rows if pk in here), Decimal(0)),
        proxy_weight=proxied,
        quorum_percent=congress.quorum_percent,
        seated=len(rows),
        present=len(here),
        computed_at=timezone.now(),
    )


def desk_rows(congress: Congress, search: str) -> QuerySet[Delegate]:
    """The accepted delegates and alternates the desk checks in, by name."""
    rows = _rows(congress).filter(credentials=Delegate.Credentials.ACCEPTED)
    return rows.filter(name__icontains=search) if search else rows


def hall_code(congress: Congress) -> HallCode | None:
    return HallCode.objects.filter(congress=congress).first()


def own_delegate(congress: Congress, user_id: int | None) -> Delegate | None:
    """The user's accepted row at the congress, with the proxy they gave."""
    if user_id is None:
        return None
    return (
        Delegate.objects.filter(
            congress=congress, user_id=user_id, credentials=Delegate.Credentials.ACCEPTED
        )
        .select_related("organization", "proxy_given__holder")
        .first()
    )


def proxy_choices(congress: Congress, delegate: Delegate) -> QuerySet[Delegate]:
    """The seated delegates of the same section who may hold ``delegate``'s vote."""
    return (
        Delegate.objects.filter(seated(congress), organization_id=delegate.organization_id)
        .exclude(pk=delegate.pk)
        .order_by("name", "pk")
    )


def represented(congress: Congress, section_ids: frozenset[int]) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=section_ids).order_by("sort_key", "pk")
