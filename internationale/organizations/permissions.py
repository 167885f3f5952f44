"""Who may do what with an organization's entry and an application to join.

Built on the role machinery of accounts/permissions.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from internationale.accounts.models import Role
from internationale.accounts.permissions import has_role, is_secretariat

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser
    from internationale.organizations.models import Application, Organization


def can_edit_organization(user: AnyUser, organization: Organization) -> bool:
    return is_secretariat(user) or has_role(
        user, Role.REPRESENTATIVE, organization_id=organization.pk
    )


def can_change_organization_status(user: AnyUser, organization: Organization) -> bool:
    return is_secretariat(user)


def can_sign_for_organization(user: AnyUser, organization: Organization) -> bool:
    return has_role(user, Role.REPRESENTATIVE, organization_id=organization.pk)


def can_view_application(user: AnyUser, application: Application) -> bool:
    """Read an application and its thread: its applicant and the secretariat (404 for others)."""
    return is_secretariat(user) or bool(
        user.is_authenticated and application.applicant_id == user.pk
    )


def can_review_application(user: AnyUser, application: Application) -> bool:
    """The secretariat's side: the contacts, the questions, the decision (refused once decided)."""
    return is_secretariat(user)


def can_write_on_application(user: AnyUser, application: Application) -> bool:
    """Add to the thread: those who read it, while the application is undecided."""
    return application.is_open and can_view_application(user, application)


def can_decide_application(user: AnyUser, application: Application) -> bool:
    """Admit, reject or defer: the secretariat, while the application is undecided."""
    return application.is_open and is_secretariat(user)
