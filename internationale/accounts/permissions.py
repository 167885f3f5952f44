"""The role machinery, and the predicates that belong to no app.

A user's roles are read once per user object (see ``grants``), so calling
several predicates in one request costs one query. The predicates about one
app's objects live in that app's ``permissions.py`` (wire, organizations,
declarations, congresses) and are built on ``grants``, ``has_role`` and
``is_secretariat``; each takes the user first and answers True or False, and
views and services call them and never test roles themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from internationale.accounts.models import STAFF_ROLES, Role, RoleAssignment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from internationale.accounts.models import User

    AnyUser = User | AnonymousUser
else:
    AnyUser = Any


@dataclass(frozen=True, slots=True)
class Grant:
    role: str
    region_id: int | None
    country_id: int | None
    organization_id: int | None
    congress_id: int | None
    language: str = ""


_CACHE_ATTR = "_internationale_grants"


def grants(user: AnyUser) -> frozenset[Grant]:
    """The user's role assignments, read once and kept on the user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Grant] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = RoleAssignment.objects.filter(user_id=user.pk).values_list(
            "role", "region_id", "country_id", "organization_id", "congress_id", "language"
        )
        cached = frozenset(Grant(*row) for row in rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: AnyUser) -> None:
    """Drop the cached roles after they changed (services call this)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: AnyUser, role: Role, **scope: int | None) -> bool:
    for grant in grants(user):
        if grant.role == role and all(getattr(grant, k) == v for k, v in scope.items()):
            return True
    return False


def is_secretariat(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser) or has_role(
        user, Role.SECRETARIAT
    )


def is_staff_member(user: AnyUser) -> bool:
    """Staff: the secretariat, editors and Django staff. They must use a second factor."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(grant.role in STAFF_ROLES for grant in grants(user))


def can_use_admin(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_view_audit_log(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_edit_site_pages(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_manage_roles(user: AnyUser) -> bool:
    return is_secretariat(user)


def is_member(user: AnyUser) -> bool:
    return is_secretariat(user) or has_role(user, Role.MEMBER)
