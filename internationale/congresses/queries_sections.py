"""Reads about a congress's sections: their figures, allotments and the apportionment
as it was computed, laid out for a page (numbers as Decimals a template localizes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from django.db.models import QuerySet

from internationale.congresses.models import (
    ApportionmentRecord,
    Congress,
    MandateRule,
    MembershipFigure,
    SectionAllotment,
)
from internationale.congresses.services.sections import votes_by_rule
from internationale.organizations.models import SECTION_STATUSES, Organization, OrganizationStatus
from internationale.tally.apportion import Apportionment, ApportionMethod

PLACES = Decimal("0.0001")


def decimal(value: Fraction | None) -> Decimal | None:
    """``value`` to four decimal places, for display (the stored fraction stays exact)."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(PLACES)


@dataclass(frozen=True, slots=True)
class SectionRow:
    organization: Organization
    voting: bool
    figure: MembershipFigure | None
    allotment: SectionAllotment | None


def sections(congress: Congress) -> list[SectionRow]:
    """Every section (official or sympathizing) with its latest validated figure and
    its allotment, in the directory's order."""
    organizations = (
        Organization.objects.filter(status__in=SECTION_STATUSES)
        .select_related("country")
        .order_by("sort_key", "pk")
    )
    figures: dict[int, MembershipFigure] = {}
    for figure in MembershipFigure.objects.filter(
        congress=congress, state=MembershipFigure.State.VALIDATED
    ).order_by("organization_id", "-decided_at", "-id"):
        figures.setdefault(figure.organization_id, figure)
    allotments = {a.organization_id: a for a in SectionAllotment.objects.filter(congress=congress)}
    return [
        SectionRow(o, votes_by_rule(congress, o.status), figures.get(o.pk), allotments.get(o.pk))
        for o in organizations
    ]


def observers() -> QuerySet[Organization]:
    """The organizations invited as observers: without seats."""
    return (
        Organization.objects.filter(status=OrganizationStatus.OBSERVER)
        .select_related("country")
        .order_by("sort_key", "pk")
    )


def latest_record(congress: Congress) -> ApportionmentRecord | None:
    return ApportionmentRecord.objects.filter(congress=congress).order_by("-id").first()


def pending_figures(congress: Congress) -> QuerySet[MembershipFigure]:
    """The figures awaiting the secretariat's decision, oldest first."""
    return (
        MembershipFigure.objects.filter(congress=congress, state=MembershipFigure.State.DECLARED)
        .select_related("organization", "organization__country", "declared_by")
        .order_by("declared_at", "id")
    )


def figure_history(
    congress: Congress, organization_id: int | None = None
) -> QuerySet[MembershipFigure]:
    """Every figure declared at ``congress`` (for one section if given), latest first."""
    figures = MembershipFigure.objects.filter(congress=congress)
    if organization_id is not None:
        figures = figures.filter(organization_id=organization_id)
    return figures.select_related("organization", "declared_by", "decided_by").order_by(
        "-declared_at", "-id"
    )


def section_votes(congress: Congress, organization: Organization) -> Decimal | None:
    """The votes ``organization``'s delegates share at ``congress``: None unless the
    congress splits each section's votes among its delegates (or nothing is allotted)."""
    if congress.mandate_rule != MandateRule.SECTION_VOTES:
        return None
    allotment = SectionAllotment.objects.filter(
        congress=congress, organization=organization
    ).first()
    return None if allotment is None else allotment.votes


@dataclass(frozen=True, slots=True)
class ShareRow:
    name: str
    members: int
    share: Decimal | None
    whole: int
    remainder: Decimal | None
    extra: bool
    seats: int
    at_minimum: bool
    lot: bool


@dataclass(frozen=True, slots=True)
class QuotientRow:
    name: str
    members: int
    minimum: int
    seats: int
    last_won: Decimal | None
    first_lost: Decimal | None


@dataclass(frozen=True, slots=True)
class AwardRow:
    seat: int
    name: str
    quotient: Decimal | None
    divisor: int
    lot: bool


@dataclass(frozen=True, slots=True)
class CalculationView:
    """One apportionment (of delegates or of votes) as the page lays it out."""

    method: str
    divisor_method: bool
    house_size: int
    seed: int
    feasible: bool
    infeasible: str
    needed: int
    total_members: int
    quota: Decimal | None
    shares: list[ShareRow]
    quotients: list[QuotientRow]
    awards: list[AwardRow]
    divisors: list[int]
    computed_at: datetime


def calculation(record: ApportionmentRecord, *, votes: bool = False) -> CalculationView | None:
    """The record's apportionment of delegates (or of ``votes``), ready for the page."""
    data = record.votes if votes else record.seats
    if not isinstance(data, dict):
        return None
    result = Apportionment.from_json(data)
    names = {str(s["id"]): str(s["name"]) for s in record.sections if isinstance(s, dict)}
    calc = result.calculation
    return CalculationView(
        method=result.method,
        divisor_method=result.method != ApportionMethod.HAMILTON.value,
        house_size=result.house_size,
        seed=result.seed,
        feasible=result.feasible,
        infeasible=result.infeasible.value if result.infeasible else "",
        needed=record.minimum * len(result.seats),
        total_members=calc.total_members if calc else 0,
        quota=decimal(calc.quota) if calc else None,
        shares=[
            ShareRow(
                names.get(s.name, s.name),
                s.members,
                decimal(s.share),
                s.whole,
                decimal(s.remainder),
                s.extra,
                s.seats,
                s.at_minimum,
                s.lot,
            )
            for s in (calc.shares if calc else ())
        ],
        quotients=[
            QuotientRow(
                names.get(q.name, q.name),
                q.members,
                q.minimum,
                q.seats,
                decimal(q.last_won),
                decimal(q.first_lost),
            )
            for q in (calc.quotients if calc else ())
        ],
        awards=[
            AwardRow(a.seat, names.get(a.name, a.name), decimal(a.quotient), a.divisor, a.lot)
            for a in (calc.awards if calc else ())
        ],
        divisors=list(calc.divisors[:8]) if calc else [],
        computed_at=record.computed_at,
    )
