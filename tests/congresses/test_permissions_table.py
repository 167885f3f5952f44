"""Who may do what in a congress: every person against every action, as one table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from internationale.accounts.models import Role
from internationale.accounts.services import assign_role
from internationale.congresses import permissions
from internationale.congresses.models import Congress
from tests.conftest import make_user

PEOPLE = [
    "secretariat", "editor", "member", "representative", "delegate",
    "delegate_elsewhere", "outsider", "anonymous",
]  # fmt: skip

# action -> (predicate called with (user, the congress), the people who may)
ACTIONS: dict[str, tuple[Callable[[Any, Congress], bool], set[str]]] = {
    "vote in the congress": (permissions.can_vote_in, {"delegate"}),
}


def _person(request: pytest.FixtureRequest, person: str) -> Any:
    if person == "anonymous":
        return AnonymousUser()
    if person == "delegate_elsewhere":
        other = Congress.objects.create(title="Regional Congress", slug="regional-congress")
        user = make_user("dora.elsewhere@example.org")
        assign_role(by=None, user=user, role=Role.DELEGATE, congress=other)
        return user
    return request.getfixturevalue(person)


@pytest.mark.parametrize("person", PEOPLE)
def test_each_person_may_do_in_the_congress_what_the_table_says(
    request: pytest.FixtureRequest, congress: Congress, person: str
) -> None:
    user = _person(request, person)
    answers = {action: predicate(user, congress) for action, (predicate, _) in ACTIONS.items()}
    assert answers == {action: person in allowed for action, (_, allowed) in ACTIONS.items()}
