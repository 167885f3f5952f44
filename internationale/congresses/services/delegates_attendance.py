"""Writes at the hall: check-ins and check-outs, the hall code, and proxies.

Each public function is one transaction and audited. A check-in locks the
delegate's row; a proxy locks the giver's and the holder's rows (in id order)
while counting the holder's proxies.
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.congresses.models import CheckIn, Congress, Delegate, HallCode, Proxy
from internationale.congresses.services.delegates_credentials import seated

#: Letters and digits no one confuses when reading them off a screen.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
CODE_LENGTH = 6


class AttendanceError(ValueError):
    """The change cannot be made; the message says why, in the reader's language."""


def check(
    *, by: User, congress: Congress, delegate_id: int, entering: bool, how: CheckIn.How
) -> CheckIn | None:
    """Check an accepted delegate or alternate in or out (locks their row).

    Checking in someone already in (or out someone already out) records
    nothing and returns None: a double click.
    """
    with transaction.atomic():
        row = (
            Delegate.objects.select_for_update(of=("self",))
            .order_by("pk")
            .filter(congress=congress, credentials=Delegate.Credentials.ACCEPTED, pk=delegate_id)
            .first()
        )
        if row is None:
            raise AttendanceError(_("Only accepted delegates and alternates are checked in."))
        if row.present == entering:
            return None
        row.present = entering
        row.save(update_fields=["present"])
        event = CheckIn.objects.create(
            congress=congress, delegate=row, entering=entering, how=how, by=by
        )
        record_audit(
            actor=by,
            action="congress.attendance." + ("in" if entering else "out"),
            target=row,
            details={"how": how},
        )
    return event


def own_row(user: User, congress: Congress) -> Delegate | None:
    """The user's accepted delegate row at ``congress``."""
    return Delegate.objects.filter(
        congress=congress, user=user, credentials=Delegate.Credentials.ACCEPTED
    ).first()


def check_self(*, by: User, congress: Congress, code: str, entering: bool) -> CheckIn | None:
    """A delegate checks themself in with the hall code, or out without it."""
    row = own_row(by, congress)
    if row is None:
        raise AttendanceError(_("Only accepted delegates and alternates are checked in."))
    if entering:
        hall = HallCode.objects.filter(congress=congress).first()
        given = "".join(code.split()).upper()
        if hall is None or not secrets.compare_digest(given.encode(), hall.code.encode()):
            raise AttendanceError(_("This is not the code the desk shows. Check it and try again."))
    return check(
        by=by, congress=congress, delegate_id=row.pk, entering=entering, how=CheckIn.How.SELF
    )


def new_hall_code(*, by: User, congress: Congress) -> HallCode:
    """Make a new hall code for ``congress``; the previous one stops working."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with transaction.atomic():
        hall, _made = HallCode.objects.update_or_create(
            congress=congress, defaults={"code": code, "made_at": timezone.now()}
        )
        record_audit(actor=by, action="congress.attendance.code", target=congress)
    return hall


def _check_pair(giver: Delegate, holder: Delegate | None, seats: set[int]) -> Delegate:
    """The holder, if both hold a seat and share a section; else AttendanceError."""
    if giver.pk not in seats:
        raise AttendanceError(_("Only a seated delegate gives a proxy."))
    if (
        holder is None
        or holder.pk == giver.pk
        or holder.pk not in seats
        or holder.organization_id != giver.organization_id
    ):
        raise AttendanceError(_("Choose another seated delegate of your section."))
    return holder


def give_proxy(*, by: User, congress: Congress, holder_id: int) -> Proxy:
    """The user's vote handed to ``holder_id``, a seated delegate of their section.

    Locks the giver's and the holder's rows (in id order) and counts the
    holder's proxies against ``congress.proxy_limit``; the proxy takes the
    holder's lowest free slot, which the database keeps unique. Giving again to
    the same holder changes nothing; to another moves the proxy.
    """
    giver = own_row(by, congress)
    if giver is None:
        raise AttendanceError(_("Only a seated delegate gives a proxy."))
    with transaction.atomic():
        ids = sorted({giver.pk, holder_id})
        rows = {
            r.pk: r
            for r in Delegate.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .order_by("pk")
        }
        seats = set(
            Delegate.objects.filter(seated(congress), pk__in=ids).values_list("pk", flat=True)
        )
        holder = _check_pair(giver, rows.get(holder_id), seats)
        current = Proxy.objects.filter(giver=giver).first()
        if current is not None and current.holder_id == holder.pk:
            return current
        if (
            Proxy.objects.filter(giver=holder).exists()
            or Proxy.objects.filter(holder=giver).exists()
        ):
            raise AttendanceError(
                _("A delegate who gave their vote holds none, and one who holds votes gives none.")
            )
        slots = set(Proxy.objects.filter(holder=holder).values_list("slot", flat=True))
        if len(slots) >= congress.proxy_limit:
            raise AttendanceError(
                _("%(name)s already holds as many proxies as the congress allows.")
                % {"name": holder.name}
            )
        if current is not None:
            current.delete()
        slot = min(set(range(1, congress.proxy_limit + 1)) - slots)
        try:
            with transaction.atomic():
                proxy = Proxy.objects.create(
                    congress=congress, giver=giver, holder=holder, slot=slot
                )
        except IntegrityError as error:
            raise AttendanceError(
                _("%(name)s already holds as many proxies as the congress allows.")
                % {"name": holder.name}
            ) from error
        record_audit(
            actor=by, action="congress.proxy.give", target=giver, details={"holder": holder.pk}
        )
    return proxy


def take_back_proxy(*, by: User, congress: Congress) -> None:
    """The user takes their vote back (locks their row); nothing to take back is no change."""
    giver = own_row(by, congress)
    if giver is None:
        return
    with transaction.atomic():
        Delegate.objects.select_for_update(of=("self",)).order_by("pk").filter(pk=giver.pk).first()
        deleted, _rows = Proxy.objects.filter(giver=giver).delete()
        if deleted:
            record_audit(actor=by, action="congress.proxy.take_back", target=giver)
