"""Writes about a congress's sections: declaring and deciding membership figures, and
computing the apportionment of delegates (and votes) from the validated figures.

Each function is one transaction that first locks the congress row
(``select_for_update``), so declarations, decisions and computations of one
congress run one after another and the apportionment is never computed from a
half-changed set of figures. Nothing is written once the apportionment is frozen
(``Congress.apportionment_frozen_at``, set when credentials open). Every write is
audited. Decision 0028 says what counts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.congresses.models import (
    ApportionmentRecord,
    Congress,
    MandateRule,
    MembershipFigure,
    SectionAllotment,
    deadline_passed,
)
from internationale.congresses.models.sections import MOST_MEMBERS
from internationale.congresses.permissions import Action, may, may_act_for_section
from internationale.organizations.models import (
    SECTION_STATUSES,
    Organization,
    OrganizationStatus,
)
from internationale.tally.apportion import Apportionment, ApportionMethod, Section, apportion

#: The statuses that make an organization a section of the congress.

State = MembershipFigure.State


class FigureError(Exception):
    """A figure cannot be declared or decided, or the apportionment computed; the
    message says why, in the user's language."""


@dataclass(frozen=True, slots=True)
class Counted:
    """A section as the apportionment counts it."""

    organization: Organization
    figure: MembershipFigure
    voting: bool


def _locked_congress(congress_id: int) -> Congress:
    congress = Congress.objects.select_for_update().get(pk=congress_id)
    if congress.apportionment_frozen_at is not None:
        when = formats.date_format(timezone.localtime(congress.apportionment_frozen_at))
        raise FigureError(
            _("The apportionment was frozen on %(date)s; figures can no longer change.")
            % {"date": when}
        )
    return congress


def _section(organization_id: int) -> Organization:
    organization = Organization.objects.filter(
        pk=organization_id, status__in=SECTION_STATUSES
    ).first()
    if organization is None:
        raise FigureError(_("This organization is not a section of the international."))
    return organization


def _check_figure(members: int, as_of: date) -> None:
    if not 0 <= members <= MOST_MEMBERS:
        raise FigureError(_("The number of members must be between 0 and 100,000,000."))
    if as_of > timezone.localdate():
        raise FigureError(_("The date cannot be in the future."))


@transaction.atomic
def declare_figure(
    *,
    by: User,
    congress_id: int,
    organization_id: int,
    members: int,
    as_of: date,
    note: str = "",
    now: datetime | None = None,
) -> MembershipFigure:
    """A section's representative declares its membership on ``as_of``; audited.

    Refused after the congress's deadline for figures and once the apportionment
    is frozen. The declaration supersedes the section's figure still awaiting
    validation; the same declaration twice is kept once. Locks the congress.
    """
    congress = _locked_congress(congress_id)
    now = now or timezone.now()
    if deadline_passed(congress.figures_due, now=now):
        when = formats.date_format(timezone.localtime(congress.figures_due), "DATETIME_FORMAT")
        raise FigureError(
            _("Membership figures were due by %(date)s; ask the secretariat.") % {"date": when}
        )
    organization = _section(organization_id)
    if not may_act_for_section(by, congress, Action.DECLARE_FIGURES, organization.pk):
        raise PermissionError("not a representative of this section")
    _check_figure(members, as_of)
    note = note.strip()[:500]
    pending = MembershipFigure.objects.filter(
        congress=congress, organization=organization, state=State.DECLARED
    ).first()
    if pending is not None:
        if (pending.members, pending.as_of, pending.note) == (members, as_of, note):
            return pending
        pending.state = State.SUPERSEDED
        pending.save(update_fields=["state"])
    figure = MembershipFigure.objects.create(
        congress=congress,
        organization=organization,
        members=members,
        as_of=as_of,
        note=note,
        declared_by=by,
        declared_at=now,
    )
    record_audit(
        actor=by,
        action="congress.figure_declared",
        target=figure,
        details={
            "congress": congress.pk,
            "organization": organization.pk,
            "members": members,
            "as_of": as_of.isoformat(),
            "supersedes": pending.pk if pending is not None else None,
        },
    )
    return figure


@transaction.atomic
def decide_figure(
    *, by: User, congress_id: int, figure_id: int, accept: bool, reason: str = ""
) -> MembershipFigure:
    """The secretariat validates a declared figure, or rejects it with a reason; audited.

    A validation recomputes the apportionment. Deciding a figure the same way
    twice changes nothing. Locks the congress, then the figure.
    """
    congress = _locked_congress(congress_id)
    if not may(by, congress, Action.VALIDATE_FIGURES):
        raise PermissionError("only the secretariat validates figures")
    figure = (
        MembershipFigure.objects.select_for_update().filter(pk=figure_id, congress=congress).first()
    )
    if figure is None:
        raise FigureError(_("There is no such figure."))
    if figure.state == (State.VALIDATED if accept else State.REJECTED):
        return figure
    if figure.state != State.DECLARED:
        raise FigureError(_("This figure is no longer awaiting validation."))
    reason = reason.strip()[:500]
    if not accept and not reason:
        raise FigureError(_("Say why the figure is not accepted."))
    figure.state = State.VALIDATED if accept else State.REJECTED
    figure.reason = "" if accept else reason
    figure.decided_by = by
    figure.decided_at = timezone.now()
    figure.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    record_audit(
        actor=by,
        action="congress.figure_validated" if accept else "congress.figure_rejected",
        target=figure,
        details={"congress": congress.pk, "organization": figure.organization_id, "reason": reason},
    )
    if accept:
        _compute(congress, by)
    return figure


@transaction.atomic
def recompute_apportionment(*, by: User | None, congress_id: int) -> ApportionmentRecord:
    """Compute the apportionment again from the validated figures; audited.

    ``by`` None is the system (the demo). Refused once frozen. Locks the congress.
    """
    congress = _locked_congress(congress_id)
    if by is not None and not may(by, congress, Action.VALIDATE_FIGURES):
        raise PermissionError("only the secretariat computes the apportionment")
    return _compute(congress, by)


def counted_sections(congress: Congress) -> list[Counted]:
    """The sections the apportionment counts: those with a validated figure (the latest
    validated one counts), in the directory's order."""
    latest: dict[int, MembershipFigure] = {}
    for figure in MembershipFigure.objects.filter(
        congress=congress, state=State.VALIDATED, organization__status__in=SECTION_STATUSES
    ).order_by("organization_id", "-decided_at", "-id"):
        latest.setdefault(figure.organization_id, figure)
    organizations = Organization.objects.filter(pk__in=latest).order_by("sort_key", "pk")
    return [Counted(o, latest[o.pk], votes_by_rule(congress, o.status)) for o in organizations]


def votes_by_rule(congress: Congress, status: str) -> bool:
    """Whether a section of ``status`` votes: official sections do; sympathizing ones
    have voice only, unless the congress lets them vote."""
    return status == OrganizationStatus.OFFICIAL_SECTION or (
        status == OrganizationStatus.SYMPATHIZING_SECTION and congress.sympathizing_sections_vote
    )


def _compute(congress: Congress, by: User | None) -> ApportionmentRecord:
    counted = counted_sections(congress)
    previous = ApportionmentRecord.objects.filter(congress=congress).order_by("-id").first()
    seed = previous.seed if previous is not None else secrets.randbelow(2**31)
    method = ApportionMethod(congress.apportionment_method)
    minimum = congress.minimum_delegates
    tally = [Section(str(c.organization.pk), c.figure.members, minimum) for c in counted]
    seats = apportion(tally, congress.delegates_total, method, seed=seed)
    votes = None
    if congress.mandate_rule == MandateRule.SECTION_VOTES and congress.votes_total:
        voters = [s for s, c in zip(tally, counted, strict=True) if c.voting]
        votes = apportion(voters, congress.votes_total, method, seed=seed)
    record = ApportionmentRecord.objects.create(
        congress=congress,
        computed_by=by,
        method=method.value,
        delegates_total=congress.delegates_total,
        minimum=minimum,
        seed=seed,
        sections=[
            {
                "id": c.organization.pk,
                "name": c.organization.name,
                "members": c.figure.members,
                "figure": c.figure.pk,
                "as_of": c.figure.as_of.isoformat(),
                "voting": c.voting,
            }
            for c in counted
        ],
        seats=seats.to_json(),
        votes=votes.to_json() if votes is not None else None,
    )
    _allot(congress, counted, seats if seats.feasible else None, votes)
    record_audit(
        actor=by,
        action="congress.apportionment_computed",
        target=congress,
        details={"record": record.pk, "method": method.value, "seats": dict(seats.seats)},
    )
    return record


def _allot(
    congress: Congress,
    counted: list[Counted],
    seats: Apportionment | None,
    votes: Apportionment | None,
) -> None:
    """Write each counted section's allotment, in place; remove the others' (all of them
    when the house could not be filled)."""
    allotted = counted if seats is not None else []
    SectionAllotment.objects.filter(congress=congress).exclude(
        organization__in=[c.organization for c in allotted]
    ).delete()
    vote_of = votes.seats if votes is not None and votes.feasible else None
    for c in allotted:
        key = str(c.organization.pk)
        SectionAllotment.objects.update_or_create(
            congress=congress,
            organization=c.organization,
            defaults={
                "members": c.figure.members,
                "seats": seats.seats[key] if seats is not None else 0,
                "votes": None if vote_of is None else Decimal(vote_of.get(key, 0)),
                "voting": c.voting,
            },
        )
