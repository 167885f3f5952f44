"""Who may do what with an organization's entry. Built on accounts/permissions.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from internationale.accounts.models import Role
from internationale.accounts.permissions import has_role, is_secretariat

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser
    from internationale.organizations.models import Organization


def can_edit_organization(user: AnyUser, organization: Organization) -> bool:
    return is_secretariat(user) or has_role(
        user, Role.REPRESENTATIVE, organization_id=organization.pk
    )


def can_change_organization_status(user: AnyUser, organization: Organization) -> bool:
    return is_secretariat(user)


def can_sign_for_organization(user: AnyUser, organization: Organization) -> bool:
    return has_role(user, Role.REPRESENTATIVE, organization_id=organization.pk)
