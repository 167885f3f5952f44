"""Who may do what with declarations and their signatures: every person against every action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from internationale.accounts.models import Role
from internationale.accounts.services import assign_role
from internationale.declarations import permissions
from internationale.organizations.models import Organization
from tests.conftest import make_user

PEOPLE = [
    "secretariat", "representative", "other_representative", "editor", "member",
    "outsider", "anonymous",
]  # fmt: skip

# action -> (predicate called with (user, the organization signed for), the people who may)
ACTIONS: dict[str, tuple[Callable[[Any, Organization], bool], set[str]]] = {
    "confirm or deny that the organization signed": (
        permissions.can_verify_signature_for,
        {"secretariat", "representative"},
    ),
    "write declarations, moderate and export their signatures": (
        lambda user, _organization: permissions.can_manage_declarations(user),
        {"secretariat"},
    ),
}


def _person(request: pytest.FixtureRequest, person: str) -> Any:
    if person == "anonymous":
        return AnonymousUser()
    if person == "other_representative":
        other = Organization.objects.create(
            name="Central Única dos Trabalhadores", country=request.getfixturevalue("brazil")
        )
        user = make_user("otavio.other@example.org")
        assign_role(by=None, user=user, role=Role.REPRESENTATIVE, organization=other)
        return user
    return request.getfixturevalue(person)


@pytest.mark.parametrize("person", PEOPLE)
def test_each_person_may_answer_for_the_organization_as_the_table_says(
    request: pytest.FixtureRequest, organization: Organization, person: str
) -> None:
    user = _person(request, person)
    answers = {action: predicate(user, organization) for action, (predicate, _) in ACTIONS.items()}
    assert answers == {action: person in allowed for action, (_, allowed) in ACTIONS.items()}
