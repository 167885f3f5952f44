"""Writes of the credentials committee: accept or reject nominees, seat alternates; mandates.

Each public function is one transaction and audited. Decisions lock the
nominee's row; weights are recomputed for the section under a lock on its rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from internationale.accounts.models import Role, RoleAssignment, User
from internationale.accounts.services import assign_role, record_audit, revoke_role
from internationale.congresses.models import (
    Congress,
    Delegate,
    MandateRule,
    Proxy,
    SectionAllotment,
)
from internationale.tally.apportion import split_votes


class CredentialsError(ValueError):
    """The decision cannot be made; the message says why, in the reader's language."""


def seated(congress: Congress) -> Q:
    """The accepted delegates who hold a seat: delegates not replaced, and alternates replacing."""
    return Q(congress=congress, credentials=Delegate.Credentials.ACCEPTED) & (
        Q(kind=Delegate.Kind.DELEGATE, replaced_by__isnull=True)
        | Q(kind=Delegate.Kind.ALTERNATE, replaces__isnull=False)
    )


@transaction.atomic
def recompute_weights(*, congress: Congress, organization_id: int) -> None:
    """Set the mandate weight of the section's delegates (locks their rows).

    One each, or with section votes (MandateRule.SECTION_VOTES) the section's
    votes split among its seated delegates; when the allotment gives no votes,
    one each. Delegates without a seat weigh nothing.
    """
    rows = list(
        Delegate.objects.select_for_update(of=("self",))
        .order_by("pk")
        .filter(congress=congress, organization_id=organization_id)
        .order_by("nominated_at", "pk")
    )
    holders = set(
        Delegate.objects.filter(seated(congress), organization_id=organization_id).values_list(
            "pk", flat=True
        )
    )
    allotment = SectionAllotment.objects.filter(
        congress=congress, organization_id=organization_id
    ).first()
    seats = [row for row in rows if row.pk in holders]
    if (
        congress.mandate_rule == MandateRule.SECTION_VOTES
        and allotment
        and allotment.votes
        and seats
    ):
        shares = dict(
            zip((r.pk for r in seats), split_votes(allotment.votes, len(seats)), strict=True)
        )
    else:
        shares = {row.pk: Decimal(1) for row in seats}
    for row in rows:
        weight = shares.get(row.pk, Decimal(0))
        if row.weight != weight:
            row.weight = weight
            row.save(update_fields=["weight"])


def grant_role(*, by: User | None, delegate: Delegate) -> None:
    """Give the linked account of an accepted delegate the congress's delegate role."""
    if delegate.user is not None:
        assign_role(by=by, user=delegate.user, role=Role.DELEGATE, congress=delegate.congress)


def unseat(*, by: User | None, delegate: Delegate) -> None:
    """Take from a delegate no longer accepted: the role, proxies, and the seat they filled."""
    if delegate.user is not None:
        for assignment in RoleAssignment.objects.filter(
            user=delegate.user, role=Role.DELEGATE, congress=delegate.congress
        ):
            revoke_role(by=by, assignment=assignment)
    Proxy.objects.filter(Q(giver=delegate) | Q(holder=delegate)).delete()
    if delegate.replaces_id is not None:
        delegate.replaces = None
        delegate.save(update_fields=["replaces"])
    Delegate.objects.filter(replaces=delegate).update(replaces=None)


def decide(
    *, by: User, congress: Congress, delegate_id: int, accept: bool, reason: str
) -> Delegate:
    """Accept or reject a nominee (locks the row). A rejection needs a reason.

    Deciding the same way twice changes nothing. Accepting gives a linked
    account the delegate role; rejecting takes it back, with any proxies.
    """
    reason = " ".join(reason.split())[:500]
    if not accept and not reason:
        raise CredentialsError(_("Give the reason for rejecting these credentials."))
    state = Delegate.Credentials.ACCEPTED if accept else Delegate.Credentials.REJECTED
    with transaction.atomic():
        row = (
            Delegate.objects.select_for_update(of=("self",))
            .order_by("pk")
            .select_related("user", "congress")
            .filter(congress=congress, pk=delegate_id)
            .first()
        )
        if row is None or row.credentials == Delegate.Credentials.WITHDRAWN:
            raise CredentialsError(_("This nomination was withdrawn."))
        if row.credentials == state and (accept or row.credentials_reason == reason):
            return row
        row.credentials, row.credentials_reason = state, reason
        if not accept:
            row.present = False
        row.save(update_fields=["credentials", "credentials_reason", "present"])
        if accept:
            grant_role(by=by, delegate=row)
        else:
            unseat(by=by, delegate=row)
        record_audit(
            actor=by,
            action="congress.credentials." + state,
            target=row,
            details={"reason": reason},
        )
        recompute_weights(congress=congress, organization_id=row.organization_id)
        row.refresh_from_db(fields=["weight"])
    return row


def replace(*, by: User, congress: Congress, alternate_id: int, delegate_id: int) -> Delegate:
    """Seat an accepted alternate in place of an absent delegate of the same section.

    Locks both rows (in id order). The replaced delegate loses the vote and
    their proxies while replaced; the alternate takes the weight.
    """
    with transaction.atomic():
        rows = {
            row.pk: row
            for row in Delegate.objects.select_for_update(of=("self",))
            .order_by("pk")
            .filter(congress=congress, pk__in=[alternate_id, delegate_id])
            .order_by("pk")
        }
        alternate, absent = rows.get(alternate_id), rows.get(delegate_id)
        accepted = Delegate.Credentials.ACCEPTED
        if (
            alternate is None
            or absent is None
            or alternate.kind != Delegate.Kind.ALTERNATE
            or absent.kind != Delegate.Kind.DELEGATE
            or accepted != alternate.credentials
            or accepted != absent.credentials
            or alternate.organization_id != absent.organization_id
        ):
            raise CredentialsError(
                _("An accepted alternate replaces an accepted delegate of the same section.")
            )
        if alternate.replaces_id == absent.pk:
            return alternate
        if absent.present:
            raise CredentialsError(_("This delegate is present; only an absent one is replaced."))
        if alternate.replaces_id is not None or Delegate.objects.filter(replaces=absent).exists():
            raise CredentialsError(_("One of them is already in a replacement."))
        Proxy.objects.filter(Q(giver=absent) | Q(holder=absent)).delete()
        alternate.replaces = absent
        alternate.save(update_fields=["replaces"])
        record_audit(
            actor=by,
            action="congress.credentials.replace",
            target=alternate,
            details={"replaces": absent.pk},
        )
        recompute_weights(congress=congress, organization_id=alternate.organization_id)
        alternate.refresh_from_db(fields=["weight"])
    return alternate


def end_replacement(*, by: User, congress: Congress, alternate_id: int) -> Delegate:
    """Give the seat back to the delegate an alternate replaced (locks the alternate's row)."""
    with transaction.atomic():
        row = (
            Delegate.objects.select_for_update(of=("self",))
            .order_by("pk")
            .filter(congress=congress, pk=alternate_id)
            .first()
        )
        if row is None:
            raise CredentialsError(_("There is no such alternate."))
        if row.replaces_id is None:
            return row
        replaced = row.replaces_id
        Proxy.objects.filter(Q(giver=row) | Q(holder=row)).delete()
        row.replaces = None
        row.save(update_fields=["replaces"])
        record_audit(
            actor=by,
            action="congress.credentials.end_replacement",
            target=row,
            details={"replaced": replaced},
        )
        recompute_weights(congress=congress, organization_id=row.organization_id)
        row.refresh_from_db(fields=["weight"])
    return row
