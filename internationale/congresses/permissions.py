"""Who may do what in a congress. Built on accounts/permissions.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from internationale.accounts.models import Role
from internationale.accounts.permissions import has_role

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser
    from internationale.congresses.models import Congress


def can_vote_in(user: AnyUser, congress: Congress) -> bool:
    return has_role(user, Role.DELEGATE, congress_id=congress.pk)
