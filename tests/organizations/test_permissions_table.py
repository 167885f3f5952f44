"""Who may do what with an organization's entry and its application to join: one table per action.

Rows are people; ``Y`` may, ``.`` may not. The organization is the MST
(Brazil); the representative speaks for it, the other representative for
another organization; the applicant filed the application. The test asks the
predicates of organizations/permissions.py, which the views ask in turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from internationale.accounts.models import Role
from internationale.accounts.services import assign_role
from internationale.organizations import permissions
from internationale.organizations.models import Application, Organization
from tests.conftest import make_user
from tests.tables import read_table

# The entry, whatever the organization's status (the predicates and the views ignore it).
ENTRY: dict[str, tuple[Callable[[Any, Organization], bool], set[str]]] = {
    "edit the entry": (permissions.can_edit_organization, {"representative", "secretariat"}),
    "change its status": (permissions.can_change_organization_status, {"secretariat"}),
    "sign for it": (permissions.can_sign_for_organization, {"representative"}),
}

STATES = ["submitted", "review", "deferred", "admitted", "rejected"]

APPLICATION: dict[str, tuple[Callable[[Any, Application], bool], str]] = {
    "read it and its thread": (
        permissions.can_view_application,
        """
                               submitted review deferred admitted rejected
        anonymous                  .        .       .        .        .
        outsider                   .        .       .        .        .
        member                     .        .       .        .        .
        applicant                  Y        Y       Y        Y        Y
        representative             .        .       .        .        .
        other_representative       .        .       .        .        .
        editor                     .        .       .        .        .
        secretariat                Y        Y       Y        Y        Y
        """,
    ),
    "write on its thread": (
        permissions.can_write_on_application,
        """
                               submitted review deferred admitted rejected
        anonymous                  .        .       .        .        .
        outsider                   .        .       .        .        .
        member                     .        .       .        .        .
        applicant                  Y        Y       Y        .        .
        representative             .        .       .        .        .
        other_representative       .        .       .        .        .
        editor                     .        .       .        .        .
        secretariat                Y        Y       Y        .        .
        """,
    ),
    "review it (contacts, questions, the decision form)": (
        permissions.can_review_application,
        """
                               submitted review deferred admitted rejected
        anonymous                  .        .       .        .        .
        outsider                   .        .       .        .        .
        member                     .        .       .        .        .
        applicant                  .        .       .        .        .
        representative             .        .       .        .        .
        other_representative       .        .       .        .        .
        editor                     .        .       .        .        .
        secretariat                Y        Y       Y        Y        Y
        """,
    ),
    "decide it": (
        permissions.can_decide_application,
        """
                               submitted review deferred admitted rejected
        anonymous                  .        .       .        .        .
        outsider                   .        .       .        .        .
        member                     .        .       .        .        .
        applicant                  .        .       .        .        .
        representative             .        .       .        .        .
        other_representative       .        .       .        .        .
        editor                     .        .       .        .        .
        secretariat                Y        Y       Y        .        .
        """,
    ),
}

ROLES = [line.split()[0] for line in APPLICATION["decide it"][1].strip().splitlines()[1:]]


def _person(request: pytest.FixtureRequest, role: str) -> Any:
    if role == "anonymous":
        return AnonymousUser()
    if role == "applicant":
        return make_user("amaru.applicant@example.org")
    if role == "other_representative":
        other = Organization.objects.create(
            name="Central Única dos Trabalhadores", country=request.getfixturevalue("brazil")
        )
        user = make_user("otavio.other@example.org")
        assign_role(by=None, user=user, role=Role.REPRESENTATIVE, organization=other)
        return user
    return request.getfixturevalue(role)


def test_the_tables_name_every_person_and_state_once() -> None:
    for _, text in APPLICATION.values():
        assert len(read_table(text, STATES)) == len(ROLES) * len(STATES)
        assert [line.split()[0] for line in text.strip().splitlines()[1:]] == ROLES


@pytest.mark.parametrize("role", ROLES)
def test_each_person_may_do_with_the_entry_what_the_table_says(
    request: pytest.FixtureRequest, organization: Organization, role: str
) -> None:
    user = _person(request, role)
    answers = {action: predicate(user, organization) for action, (predicate, _) in ENTRY.items()}
    assert answers == {action: role in allowed for action, (_, allowed) in ENTRY.items()}


@pytest.mark.parametrize("role", ROLES)
def test_each_person_may_do_with_an_application_in_each_state_what_the_tables_say(
    request: pytest.FixtureRequest, organization: Organization, role: str
) -> None:
    user = _person(request, role)
    applicant = user if role == "applicant" else make_user("amaru.applicant@example.org")
    application = Application(organization=organization, applicant=applicant)
    wrong = []
    for action, (predicate, text) in APPLICATION.items():
        expected = read_table(text, STATES)
        for state in STATES:
            application.state = state
            answer = predicate(user, application)
            if answer is not expected[role, state]:
                wrong.append(f"{action} / {state}: {answer}")
    assert wrong == []
