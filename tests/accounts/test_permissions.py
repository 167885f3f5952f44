"""Who may do what: every role against every action, as one table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from internationale.accounts import permissions as p
from internationale.congresses import permissions as congresses
from internationale.organizations import permissions as organizations
from internationale.wire import permissions as wire

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
    "edit the wire for Latin America": (
        lambda u, f: wire.can_edit_for_region(u, f["region"]),
        {"secretariat", "editor", "regional_editor"},
    ),
    "edit the wire for Europe": (
        lambda u, f: wire.can_edit_for_region(u, f["other_region"]),
        {"secretariat", "editor"},
    ),
    "file reports for Brazil": (
        lambda u, f: wire.can_file_reports_for(u, f["brazil"]),
        {"correspondent"},
    ),
    "edit the organization's entry": (
        lambda u, f: organizations.can_edit_organization(u, f["organization"]),
        {"secretariat", "representative"},
    ),
    "change the organization's status": (
        lambda u, f: organizations.can_change_organization_status(u, f["organization"]),
        {"secretariat"},
    ),
    "sign for the organization": (
        lambda u, f: organizations.can_sign_for_organization(u, f["organization"]),
        {"representative"},
    ),
    "vote in the congress": (lambda u, f: congresses.can_vote_in(u, f["congress"]), {"delegate"}),
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


def test_a_correspondent_for_brazil_cannot_file_for_another_country(correspondent, db) -> None:
    from internationale.organizations.models import Country

    assert not wire.can_file_reports_for(correspondent, Country.objects.get(code="AR"))


def test_a_deactivated_secretary_loses_every_right(secretariat) -> None:
    secretariat.is_active = False
    secretariat.save()
    p.forget_grants(secretariat)
    assert not p.is_secretariat(secretariat)
    assert not p.can_view_audit_log(secretariat)


def test_roles_are_read_once_per_user_object(
    secretariat, django_assert_num_queries, organization
) -> None:
    p.forget_grants(secretariat)
    with django_assert_num_queries(1):
        for _ in range(3):
            p.can_view_audit_log(secretariat)
            organizations.can_edit_organization(secretariat, organization)
