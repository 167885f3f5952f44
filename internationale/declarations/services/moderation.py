"""Writes about signatures the secretariat or a representative answers for: verifying,
hiding, rejecting, restoring, linking to the directory; each audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.declarations.models import Signature
from internationale.declarations.services.signing import (
    SignatureError,
    ask_representatives,
    mark_list_changed,
)
from internationale.organizations.models import Organization


@transaction.atomic
def verify_signature(*, by: User, signature_id: int, accept: bool, reason: str = "") -> Signature:
    """A representative of the organization (or the secretariat) says whether it signed; audited.

    Accepted, the signature is marked verified on the list. Denied, it stops
    showing and waits for the secretariat, with the reason. Locks the signature.
    """
    from internationale.declarations.permissions import can_verify_signature_for

    signature = (
        Signature.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=signature_id)
    )
    organization = signature.organization
    if organization is None:
        raise SignatureError(_("Link it to an organization of the directory first."))
    if not can_verify_signature_for(by, organization):
        raise PermissionError("not a representative of this organization")
    if accept:
        signature.verified = True
        signature.verified_at = timezone.now()
        signature.verified_by = by
        signature.needs_moderation = False
    else:
        signature.verified = False
        signature.needs_moderation = True
        signature.flagged = ",".join(filter(None, [signature.flagged, "denied"]))[:200]
        signature.moderation_reason = reason[:500]
    signature.save()
    record_audit(
        actor=by,
        action="signature.verified" if accept else "signature.denied",
        target=signature,
        details={"organization": organization.pk, "reason": reason[:200]},
    )
    mark_list_changed(signature.declaration_id)
    return signature


@transaction.atomic
def moderate_signature(
    *,
    by: User,
    signature_id: int,
    action: str,
    reason: str = "",
    organization: Organization | None = None,
    base_url: str = "",
) -> Signature:
    """Hide, reject, restore, verify or link a signature to the directory, with a reason; audited.

    Linking asks the organization's representatives to confirm; verifying
    needs the link (the secretariat confirmed with the organization itself).
    """
    signature = Signature.objects.select_for_update().get(pk=signature_id)
    if action == "hide":
        signature.state = Signature.State.HIDDEN
    elif action == "reject":
        signature.state = Signature.State.REJECTED
    elif action == "restore":
        signature.state = (
            Signature.State.CONFIRMED if signature.confirmed_at else Signature.State.PENDING
        )
        signature.needs_moderation = False
    elif action == "verify":
        if signature.organization_id is None:
            raise SignatureError(_("Link it to an organization of the directory first."))
        signature.verified = True
        signature.verified_at = timezone.now()
        signature.verified_by = by
        signature.needs_moderation = False
    elif action == "link":
        if organization is None or signature.kind != Signature.Kind.ORGANIZATION:
            raise SignatureError(_("Choose the organization of the directory it belongs to."))
        signature.organization = organization
        ask_representatives(signature, base_url)
    else:
        raise ValueError(action)
    signature.moderation_reason = reason[:500]
    signature.save()
    record_audit(
        actor=by,
        action=f"signature.{action}",
        target=signature,
        details={"reason": reason[:200], "organization": signature.organization_id},
    )
    mark_list_changed(signature.declaration_id)
    return signature
