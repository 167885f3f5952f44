"""Who may do what: predicates over a user's roles and the object in question.

Each predicate takes the user first and answers True or False; views and
services call them and never test roles themselves. A user's roles are read
once per user object (see ``grants``), so calling several predicates in one
request costs one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from internationale.accounts.models import STAFF_ROLES, Role, RoleAssignment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from internationale.accounts.models import User
    from internationale.congresses.models import Congress
    from internationale.organizations.models import Country, Organization, Region

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


def _has(user: AnyUser, role: Role, **scope: int | None) -> bool:
    for grant in grants(user):
        if grant.role == role and all(getattr(grant, k) == v for k, v in scope.items()):
            return True
    return False


def is_secretariat(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser) or _has(
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


def can_edit_for_region(user: AnyUser, region: Region | None) -> bool:
    """Edit and publish on the wire for a region: global editors, that region's editors."""
    if is_secretariat(user):
        return True
    for grant in grants(user):
        if grant.role == Role.EDITOR and (
            (grant.region_id is None and not grant.language)
            or (region is not None and grant.region_id == region.pk)
        ):
            return True
    return False


def is_editor(user: AnyUser) -> bool:
    """An editor of the wire in any scope (or the secretariat): may open the desk."""
    return is_secretariat(user) or any(grant.role == Role.EDITOR for grant in grants(user))


def can_edit_on_wire(user: AnyUser, *, region_ids: set[int], language: str) -> bool:
    """Edit, publish or unpublish a report of these regions in this language.

    Global editors and the secretariat edit everything; a region's editors the
    reports that touch their region; a language's editors the reports in it.
    """
    if is_secretariat(user):
        return True
    for grant in grants(user):
        if grant.role != Role.EDITOR:
            continue
        if grant.region_id is None and not grant.language:
            return True
        if grant.region_id is not None and grant.region_id in region_ids:
            return True
        if grant.language and grant.language == language:
            return True
    return False


def can_see_real_identity(user: AnyUser, *, region_ids: set[int]) -> bool:
    """See who a correspondent is behind their pen name.

    Only the secretariat and the editors responsible for one of the
    correspondent's regions (global editors are responsible for all); an
    editor for a language sees the pen name only.
    """
    if is_secretariat(user):
        return True
    for grant in grants(user):
        if grant.role == Role.EDITOR and (
            (grant.region_id is None and not grant.language) or grant.region_id in region_ids
        ):
            return True
    return False


def correspondent_country_ids(user: AnyUser) -> set[int]:
    """The countries and territories a correspondent files for."""
    return {
        grant.country_id
        for grant in grants(user)
        if grant.role == Role.CORRESPONDENT and grant.country_id is not None
    }


def is_correspondent(user: AnyUser) -> bool:
    return bool(correspondent_country_ids(user))


def can_file_reports_for(user: AnyUser, country: Country) -> bool:
    return _has(user, Role.CORRESPONDENT, country_id=country.pk)


def can_edit_organization(user: AnyUser, organization: Organization) -> bool:
    return is_secretariat(user) or _has(user, Role.REPRESENTATIVE, organization_id=organization.pk)


def can_change_organization_status(user: AnyUser, organization: Organization) -> bool:
    return is_secretariat(user)


def can_sign_for_organization(user: AnyUser, organization: Organization) -> bool:
    return _has(user, Role.REPRESENTATIVE, organization_id=organization.pk)


def can_vote_in(user: AnyUser, congress: Congress) -> bool:
    return _has(user, Role.DELEGATE, congress_id=congress.pk)


def is_member(user: AnyUser) -> bool:
    return is_secretariat(user) or _has(user, Role.MEMBER)
