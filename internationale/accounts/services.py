"""Writes about accounts: roles, invitations and the audit log."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import AuditEntry, Invitation, Role, RoleAssignment, User
from internationale.accounts.permissions import forget_grants
from internationale.congresses.models import Congress
from internationale.mail.services import send_email
from internationale.organizations.models import Country, Organization, Region

INVITATION_LIFETIME = timedelta(days=14)


def acting_user(request: HttpRequest) -> User | None:
    """The logged-in user behind a request, for the audit log."""
    user = request.user
    return user if isinstance(user, User) else None


def record_audit(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log. Entries are never changed afterwards."""
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor.email if actor is not None else "system",
        action=action,
        object_type=target._meta.label if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        details=details or {},
    )


@transaction.atomic
def assign_role(
    *,
    by: User | None,
    user: User,
    role: Role,
    region: Region | None = None,
    country: Country | None = None,
    organization: Organization | None = None,
    congress: Congress | None = None,
    language: str = "",
) -> RoleAssignment:
    """Give ``user`` a role in its scope; assigning a role twice returns the first."""
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        region=region,
        country=country,
        organization=organization,
        congress=congress,
        language=language,
    )
    if created:
        record_audit(actor=by, action="role.assign", target=user, details={"role": str(assignment)})
    forget_grants(user)
    return assignment


@transaction.atomic
def revoke_role(*, by: User | None, assignment: RoleAssignment) -> None:
    user = assignment.user
    record_audit(actor=by, action="role.revoke", target=user, details={"role": str(assignment)})
    assignment.delete()
    forget_grants(user)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationError(ValueError):
    """The address cannot be invited; the message says why, in the reader's language."""


#: A second invitation to the same address within this time is the same click twice.
REPEAT_WINDOW = timedelta(minutes=2)


def invite(*, by: User, email: str, base_url: str) -> Invitation:
    """Invite ``email`` to open an account and mail them the link.

    Only the token's hash is stored, so the database alone cannot be used to
    accept someone else's invitation. The mail leaves through the outbox when
    the transaction commits. Inviting an address again within REPEAT_WINDOW
    returns the first invitation and sends nothing (a double click); the
    user row lock serialises concurrent submits of the same form.
    """
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=by.pk).first()
        if User.objects.filter(email=email).exists():
            raise InvitationError(_("This address already has an account."))
        recent = Invitation.objects.filter(
            email=email,
            accepted_at__isnull=True,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        ).first()
        if recent is not None:
            return recent
        invitation = Invitation.objects.create(
            email=email,
            token_hash=_hash_token(token),
            invited_by=by,
            expires_at=timezone.now() + INVITATION_LIFETIME,
        )
        record_audit(actor=by, action="invitation.create", target=invitation)
        link = base_url.rstrip("/") + reverse("accounts:accept_invitation", args=[token])
        send_email(
            to=[invitation.email],
            template="accounts/email/invitation",
            context={"link": link, "days": INVITATION_LIFETIME.days},
        )
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation behind ``token``, or None."""
    invitation = Invitation.objects.filter(token_hash=_hash_token(token)).first()
    return invitation if invitation is not None and invitation.is_usable else None


def accept_invitation(*, invitation_id: int, user: User) -> None:
    Invitation.objects.filter(pk=invitation_id, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    record_audit(actor=user, action="invitation.accept", target=user)


def create_secretariat_user(*, email: str, password: str) -> User:
    """Create (or promote) a secretariat account; it must enrol a second factor."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = email.strip().lower()
    try:
        validate_email(email)
        validate_password(password)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, is_staff=True)
        mark_email_verified(user)
        assign_role(by=None, user=user, role=Role.SECRETARIAT)
    return user


def mark_email_verified(user: User) -> None:
    """Record the account's address as verified and primary.

    Only for accounts the platform makes itself (a secretariat account created
    at the command line, the demo's); people who sign up verify theirs by mail.
    """
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
