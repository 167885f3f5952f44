"""Who may do what with declarations and their signatures. Built on accounts/permissions.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from internationale.accounts.permissions import is_secretariat
from internationale.organizations.permissions import can_sign_for_organization

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser
    from internationale.organizations.models import Organization


def can_verify_signature_for(user: AnyUser, organization: Organization) -> bool:
    """Say whether ``organization`` signed: its representatives and the secretariat."""
    return is_secretariat(user) or can_sign_for_organization(user, organization)


def can_manage_declarations(user: AnyUser) -> bool:
    """Write declarations and their texts, import lists of signatories, moderate signatures
    and export them with their addresses: the secretariat."""
    return is_secretariat(user)
