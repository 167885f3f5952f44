"""Writes about delegates: nominations by a section, their withdrawal, linking the account.

Each function is one transaction and audited. A nomination counts the section's
nominees under a lock on the section's allotment row, so two representatives
submitting at once cannot pass the allotment.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import invite, record_audit
from internationale.congresses.models import Congress, Delegate, SectionAllotment, deadline_passed
from internationale.congresses.services import delegates_credentials
from internationale.organizations.models import Organization

ACTIVE = (Delegate.Credentials.NOMINATED, Delegate.Credentials.ACCEPTED)


class DelegateError(ValueError):
    """The change cannot be made; the message says why, in the reader's language."""


def _clean(congress: Congress, name: str, email: str) -> tuple[str, str]:
    """The name and address as stored, or DelegateError."""
    name, email = " ".join(name.split()), email.strip().lower()
    if not name:
        raise DelegateError(_("Give the nominee's name."))
    try:
        validate_email(email)
    except ValidationError as error:
        raise DelegateError(_("Enter a valid e-mail address.")) from error
    if not nominations_open(congress):
        raise DelegateError(_("Nominations closed at the deadline."))
    return name, email


def nominations_open(congress: Congress) -> bool:
    return not deadline_passed(congress.nominations_due)


def _existing(congress: Congress, user: User | None, email: str) -> Delegate | None:
    rows = Delegate.objects.select_for_update(of=("self",)).order_by("pk").filter(congress=congress)
    if user is not None:
        return rows.filter(user=user).first()
    return rows.filter(user__isnull=True, invitation__email=email).first()


def nominate(
    *,
    by: User,
    congress: Congress,
    organization: Organization,
    name: str,
    email: str,
    kind: Delegate.Kind,
    base_url: str,
) -> Delegate:
    """Nominate someone for ``organization``: a delegate up to its seats, an alternate as many.

    Locks the section's allotment row while counting. An address with an
    account is linked at once; otherwise an invitation is sent and the account
    is linked when it is accepted (link_account). Nominating the same person
    again with the same details returns their row (a double submit).
    """
    name, email = _clean(congress, name, email)
    with transaction.atomic():
        allotment = (
            SectionAllotment.objects.select_for_update()
            .filter(congress=congress, organization=organization)
            .first()
        )
        if allotment is None:
            raise DelegateError(
                _("This section has no allotment of delegates yet; nominations open once it has.")
            )
        user = User.objects.filter(email__iexact=email).first()
        row = _existing(congress, user, email)
        if row is not None and row.credentials in ACTIVE:
            if row.organization_id == organization.pk and row.kind == kind:
                return row
            raise DelegateError(_("This person is already nominated to this congress."))
        taken = Delegate.objects.filter(
            congress=congress, organization=organization, kind=kind, credentials__in=ACTIVE
        ).count()
        if taken >= allotment.seats:
            full = (
                _("The section's delegates are all nominated (%(seats)s).")
                if kind == Delegate.Kind.DELEGATE
                else _("The section's alternates are all nominated (%(seats)s).")
            )
            raise DelegateError(full % {"seats": allotment.seats})
        invitation = None if user else invite(by=by, email=email, base_url=base_url)
        row = row or Delegate(congress=congress)
        row.organization, row.name, row.kind = organization, name, kind
        row.user, row.invitation = user, invitation
        row.credentials, row.credentials_reason = Delegate.Credentials.NOMINATED, ""
        row.present, row.replaces, row.nominated_at = False, None, timezone.now()
        row.save()
        record_audit(
            actor=by,
            action="congress.delegate.nominate",
            target=row,
            details={"section": organization.pk, "kind": kind, "invited": invitation is not None},
        )
    return row


def withdraw(*, by: User, congress: Congress, delegate_id: int) -> Delegate:
    """Withdraw a nomination (locks the row); an accepted delegate loses the role and proxies."""
    with transaction.atomic():
        row = (
            Delegate.objects.select_for_update(of=("self",))
            .order_by("pk")
            .filter(congress=congress, pk=delegate_id)
            .first()
        )
        if row is None:
            raise DelegateError(_("There is no such nomination."))
        if row.credentials == Delegate.Credentials.WITHDRAWN:
            return row
        was_accepted = row.credentials == Delegate.Credentials.ACCEPTED
        row.credentials, row.present = Delegate.Credentials.WITHDRAWN, False
        row.save(update_fields=["credentials", "present"])
        delegates_credentials.unseat(by=by, delegate=row)
        record_audit(actor=by, action="congress.delegate.withdraw", target=row)
        if was_accepted:
            delegates_credentials.recompute_weights(
                congress=congress, organization_id=row.organization_id
            )
    return row


def link_account(*, user: User) -> list[Delegate]:
    """Link ``user`` to the nominations whose invitation they accepted.

    An already accepted nominee receives the congress's delegate role now.
    Locks the nominations it links.
    """
    linked: list[Delegate] = []
    with transaction.atomic():
        rows = (
            Delegate.objects.select_for_update(of=("self",))
            .order_by("pk")
            .filter(
                user__isnull=True,
                invitation__email__iexact=user.email,
                invitation__accepted_at__isnull=False,
                credentials__in=ACTIVE,
            )
        )
        for row in rows:
            if Delegate.objects.filter(congress_id=row.congress_id, user=user).exists():
                continue
            row.user = user
            row.save(update_fields=["user"])
            record_audit(actor=user, action="congress.delegate.link", target=row)
            if row.credentials == Delegate.Credentials.ACCEPTED:
                delegates_credentials.grant_role(by=None, delegate=row)
            linked.append(row)
    return linked


def link_on_sign_up(sender: object, request: object, user: object, **kwargs: object) -> None:
    """allauth's ``user_signed_up``: link the new account to the nominations it was invited to.

    Connected by the app's ``ready()`` (congresses/apps.py).
    """
    if isinstance(user, User):
        link_account(user=user)
