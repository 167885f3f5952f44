"""The delegates' tests' cast: an allotment for the section, and nominees made quickly."""

from __future__ import annotations

from decimal import Decimal

from internationale.accounts.models import User
from internationale.congresses.models import Congress, Delegate, Phase, SectionAllotment
from internationale.congresses.services import delegates, delegates_credentials
from internationale.organizations.models import Organization
from tests.conftest import make_user


def allot(
    congress: Congress, section: Organization, seats: int = 2, votes: str | None = None
) -> SectionAllotment:
    return SectionAllotment.objects.create(
        congress=congress,
        organization=section,
        members=100,
        seats=seats,
        votes=Decimal(votes) if votes else None,
    )


def at_phase(congress: Congress, phase: Phase) -> Congress:
    congress.phase = phase
    congress.save(update_fields=["phase"])
    return congress


def nominee(
    congress: Congress,
    section: Organization,
    by: User,
    email: str,
    kind: Delegate.Kind = Delegate.Kind.DELEGATE,
    *,
    accept: User | None = None,
    account: bool = True,
) -> Delegate:
    """A nominee of ``section`` (with an account unless ``account`` is False), accepted by
    ``accept`` when given."""
    if account:
        make_user(email)
    row = delegates.nominate(
        by=by,
        congress=congress,
        organization=section,
        name=email.split("@")[0].replace(".", " ").title(),
        email=email,
        kind=kind,
        base_url="http://testserver",
    )
    if accept is not None:
        row = delegates_credentials.decide(
            by=accept, congress=congress, delegate_id=row.pk, accept=True, reason=""
        )
    return row
