"""Who may do what outside any one app: every role against every action, as one table.

Each app's own predicates have their table in tests/<app>/test_permissions_table.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from internationale.accounts import permissions as p

PEOPLE = [
    "secretariat", "editor", "regional_editor", "correspondent",
    "representative", "delegate", "member", "outsider", "anonymous",
]  # fmt: skip

# action -> (predicate called with (user, fixtures), the people who may)
ACTIONS: dict[str, tuple[Callable[[Any, dict[str, Any]], bool], set[str]]] = {
    "use the admin": (lambda u, f: p.can_use_admin(u), {"secretariat"}),
    "read the audit log": (lambda u, f: p.can_view_audit_log(u), {"secretariat"}),
    "edit the about page": (lambda u, f: p.can_edit_site_pages(u), {"secretariat"}),
    "manage roles": (lambda u, f: p.can_manage_roles(u), {"secretariat"}),
    "count as a member": (lambda u, f: p.is_member(u), {"secretariat", "member"}),
    "count as staff (second factor required)": (
        lambda u, f: p.is_staff_member(u),
        {"secretariat", "editor", "regional_editor"},
    ),
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("person", PEOPLE)
def test_role_may_do_action_exactly_when_the_table_says(
    request: pytest.FixtureRequest, person: str, action: str
) -> None:
    fixtures = {
        name: request.getfixturevalue(name)
        for name in ("region", "other_region", "brazil", "organization", "congress")
    }
    user = AnonymousUser() if person == "anonymous" else request.getfixturevalue(person)
    predicate, allowed = ACTIONS[action]
    assert predicate(user, fixtures) is (person in allowed)


def test_a_deactivated_secretary_loses_every_right(secretariat) -> None:
    secretariat.is_active = False
    secretariat.save()
    p.forget_grants(secretariat)
    assert not p.is_secretariat(secretariat)
    assert not p.can_view_audit_log(secretariat)


def test_roles_are_read_once_per_user_object(secretariat, django_assert_num_queries) -> None:
    p.forget_grants(secretariat)
    with django_assert_num_queries(1):
        for _ in range(3):
            p.can_view_audit_log(secretariat)
            p.is_member(secretariat)
