"""Who may do what with a report, in each of its states: one table per action.

Rows are people, columns the report's states; ``Y`` may, ``.`` may not. The
report is filed by Carla, the correspondent for Brazil (Latin America), in
Portuguese. The test asks the predicates of wire/permissions.py, which the
views and services ask in turn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.organizations.models import Country
from internationale.wire import permissions, queries
from internationale.wire.models import Report, State
from tests.conftest import make_user
from tests.tables import read_table

STATES = ["draft", "submitted", "in_edit", "returned", "published", "scheduled", "unpublished"]

ACTIONS: dict[str, tuple[Callable[[Any, Report], bool], str]] = {
    "view it on the desk": (
        permissions.can_view_on_desk,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        .         .          .
        member                  .       .        .       .        .         .          .
        representative          .       .        .       .        .         .          .
        author                  Y       Y        Y       Y        Y         Y          Y
        colleague               .       .        .       .        .         .          .
        foreign_correspondent   .       .        .       .        .         .          .
        global_editor           Y       Y        Y       Y        Y         Y          Y
        region_editor           Y       Y        Y       Y        Y         Y          Y
        other_region_editor     .       .        .       .        .         .          .
        language_editor         Y       Y        Y       Y        Y         Y          Y
        other_language_editor   .       .        .       .        .         .          .
        secretariat             Y       Y        Y       Y        Y         Y          Y
        """,
    ),
    "change its text": (
        permissions.can_change_text,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        .         .          .
        member                  .       .        .       .        .         .          .
        representative          .       .        .       .        .         .          .
        author                  Y       .        .       Y        .         .          .
        colleague               .       .        .       .        .         .          .
        foreign_correspondent   .       .        .       .        .         .          .
        global_editor           .       Y        Y       .        Y         Y          Y
        region_editor           .       Y        Y       .        Y         Y          Y
        other_region_editor     .       .        .       .        .         .          .
        language_editor         .       Y        Y       .        Y         Y          Y
        other_language_editor   .       .        .       .        .         .          .
        secretariat             .       Y        Y       .        Y         Y          Y
        """,
    ),
    "submit it to the desk": (
        permissions.can_change_draft,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        .         .          .
        member                  .       .        .       .        .         .          .
        representative          .       .        .       .        .         .          .
        author                  Y       .        .       Y        .         .          .
        colleague               .       .        .       .        .         .          .
        foreign_correspondent   .       .        .       .        .         .          .
        global_editor           .       .        .       .        .         .          .
        region_editor           .       .        .       .        .         .          .
        other_region_editor     .       .        .       .        .         .          .
        language_editor         .       .        .       .        .         .          .
        other_language_editor   .       .        .       .        .         .          .
        secretariat             .       .        .       .        .         .          .
        """,
    ),
    "take it in edit": (
        permissions.can_take,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        .         .          .
        member                  .       .        .       .        .         .          .
        representative          .       .        .       .        .         .          .
        author                  .       .        .       .        .         .          .
        colleague               .       .        .       .        .         .          .
        foreign_correspondent   .       .        .       .        .         .          .
        global_editor           .       Y        .       .        .         .          .
        region_editor           .       Y        .       .        .         .          .
        other_region_editor     .       .        .       .        .         .          .
        language_editor         .       Y        .       .        .         .          .
        other_language_editor   .       .        .       .        .         .          .
        secretariat             .       Y        .       .        .         .          .
        """,
    ),
    "return it to the correspondent": (
        permissions.can_return,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        .         .          .
        member                  .       .        .       .        .         .          .
        representative          .       .        .       .        .         .          .
        author                  .       .        .       .        .         .          .
        colleague               .       .        .       .        .         .          .
        foreign_correspondent   .       .        .       .        .         .          .
        global_editor           .       Y        Y       .        .         .          .
        region_editor           .       Y        Y       .        .         .          .
        other_region_editor     .       .        .       .        .         .          .
        language_editor         .       Y        Y       .        .         .          .
        other_language_editor   .       .        .       .        .         .          .
        secretariat             .       Y        Y       .        .         .          .
        """,
    ),
    "publish it (or move its time)": (
        permissions.can_publish,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        .         .          .
        member                  .       .        .       .        .         .          .
        representative          .       .        .       .        .         .          .
        author                  .       .        .       .        .         .          .
        colleague               .       .        .       .        .         .          .
        foreign_correspondent   .       .        .       .        .         .          .
        global_editor           .       Y        Y       .        .         Y          Y
        region_editor           .       Y        Y       .        .         Y          Y
        other_region_editor     .       .        .       .        .         .          .
        language_editor         .       Y        Y       .        .         Y          Y
        other_language_editor   .       .        .       .        .         .          .
        secretariat             .       Y        Y       .        .         Y          Y
        """,
    ),
    "unpublish it": (
        permissions.can_unpublish,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        .         .          .
        member                  .       .        .       .        .         .          .
        representative          .       .        .       .        .         .          .
        author                  .       .        .       .        .         .          .
        colleague               .       .        .       .        .         .          .
        foreign_correspondent   .       .        .       .        .         .          .
        global_editor           .       .        .       .        Y         Y          .
        region_editor           .       .        .       .        Y         Y          .
        other_region_editor     .       .        .       .        .         .          .
        language_editor         .       .        .       .        Y         Y          .
        other_language_editor   .       .        .       .        .         .          .
        secretariat             .       .        .       .        Y         Y          .
        """,
    ),
    "lift it, an appeal, from the top of the wire": (
        permissions.can_lift_appeal,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        .         .          .
        member                  .       .        .       .        .         .          .
        representative          .       .        .       .        .         .          .
        author                  .       .        .       .        .         .          .
        colleague               .       .        .       .        .         .          .
        foreign_correspondent   .       .        .       .        .         .          .
        global_editor           .       .        .       .        Y         Y          .
        region_editor           .       .        .       .        Y         Y          .
        other_region_editor     .       .        .       .        .         .          .
        language_editor         .       .        .       .        Y         Y          .
        other_language_editor   .       .        .       .        .         .          .
        secretariat             .       .        .       .        Y         Y          .
        """,
    ),
    "read its page and its media": (
        permissions.can_read,
        """
                              draft submitted in_edit returned published scheduled unpublished
        anonymous               .       .        .       .        Y         .          .
        member                  .       .        .       .        Y         .          .
        representative          .       .        .       .        Y         .          .
        author                  Y       Y        Y       Y        Y         Y          Y
        colleague               .       .        .       .        Y         .          .
        foreign_correspondent   .       .        .       .        Y         .          .
        global_editor           Y       Y        Y       Y        Y         Y          Y
        region_editor           Y       Y        Y       Y        Y         Y          Y
        other_region_editor     .       .        .       .        Y         .          .
        language_editor         Y       Y        Y       Y        Y         Y          Y
        other_language_editor   .       .        .       .        Y         .          .
        secretariat             Y       Y        Y       Y        Y         Y          Y
        """,
    ),
}

# The roles on the wire, whatever the report: action -> (predicate, the people who may).
ROLE_ACTIONS: dict[str, tuple[Callable[[Any, dict[str, Any]], bool], set[str]]] = {
    "open the editors' desk": (
        lambda u, f: permissions.can_open_desk(u),
        {"global_editor", "region_editor", "other_region_editor", "language_editor",
         "other_language_editor", "secretariat"},
    ),
    "file reports and keep a byline": (
        lambda u, f: permissions.can_file_reports(u),
        {"author", "colleague", "foreign_correspondent", "global_editor", "region_editor",
         "other_region_editor", "language_editor", "other_language_editor", "secretariat"},
    ),
    "count as a correspondent": (
        lambda u, f: permissions.is_correspondent(u),
        {"author", "colleague", "foreign_correspondent"},
    ),
    "file as Brazil's correspondent": (
        lambda u, f: permissions.can_file_reports_for(u, f["brazil"]),
        {"author", "colleague"},
    ),
    "file a report datelined in Brazil": (
        lambda u, f: permissions.can_file_for(u, f["brazil"]),
        {"author", "colleague", "global_editor", "region_editor", "secretariat"},
    ),
    "edit the wire for Latin America": (
        lambda u, f: permissions.can_edit_for_region(u, f["region"]),
        {"global_editor", "region_editor", "secretariat"},
    ),
    "edit the wire for Europe": (
        lambda u, f: permissions.can_edit_for_region(u, f["other_region"]),
        {"global_editor", "other_region_editor", "secretariat"},
    ),
}  # fmt: skip

# Whatever the report's state: who sees the account behind the pen name "Ana Terra".
SEES_REAL_IDENTITY = {"global_editor", "region_editor", "secretariat"}

ROLES = [line.split()[0] for line in ACTIONS["view it on the desk"][1].strip().splitlines()[1:]]


def _person(request: pytest.FixtureRequest, role: str) -> Any:
    def someone(email: str, role: Role, **scope: Any) -> User:
        user = make_user(email)
        assign_role(by=None, user=user, role=role, **scope)
        return user

    match role:
        case "anonymous":
            return AnonymousUser()
        case "author":
            return request.getfixturevalue("carla")
        case "colleague":
            brazil = Country.objects.get(code="BR")
            return someone("bruno.colleague@example.org", Role.CORRESPONDENT, country=brazil)
        case "foreign_correspondent":
            france = Country.objects.get(code="FR")
            return someone("fanny.france@example.org", Role.CORRESPONDENT, country=france)
        case "global_editor":
            return request.getfixturevalue("editor")
        case "region_editor":
            return request.getfixturevalue("regional_editor")
        case "other_region_editor":
            return request.getfixturevalue("europe_editor")
        case "language_editor":
            return someone("paulo.portuguese@example.org", Role.EDITOR, language="pt")
        case "other_language_editor":
            return request.getfixturevalue("language_editor")
        case _:
            return request.getfixturevalue(role)


def _in_state(report: Report, state: str) -> Report:
    """The report as it is in ``state`` (in memory: the predicates read no state from the table)."""
    report.published_at = None
    report.state = state
    if state in (State.PUBLISHED, State.UNPUBLISHED):
        report.published_at = timezone.now() - timedelta(hours=1)
    if state == "scheduled":
        report.state = State.PUBLISHED
        report.published_at = timezone.now() + timedelta(days=1)
    return report


def test_the_tables_name_every_person_and_state_once() -> None:
    for _, text in ACTIONS.values():
        assert len(read_table(text, STATES)) == len(ROLES) * len(STATES)
        assert [line.split()[0] for line in text.strip().splitlines()[1:]] == ROLES


@pytest.mark.parametrize("role", ROLES)
def test_each_person_may_do_in_each_state_what_the_tables_say(
    request: pytest.FixtureRequest, file_report: Callable[..., Report], role: str
) -> None:
    report = file_report()
    user = _person(request, role)
    wrong = []
    for action, (predicate, text) in ACTIONS.items():
        expected = read_table(text, STATES)
        for state in STATES:
            answer = predicate(user, _in_state(report, state))
            if answer is not expected[role, state]:
                wrong.append(f"{action} / {state}: {answer}")
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_and_the_correspondents_regional_editors_see_who_files(
    request: pytest.FixtureRequest, file_report: Callable[..., Report], role: str
) -> None:
    report = file_report()
    user = _person(request, role)
    regions = queries.correspondent_region_ids(report.author_id)
    answer = permissions.can_see_identity(user, correspondent_region_ids=regions)
    assert answer is (role in SEES_REAL_IDENTITY)


@pytest.mark.parametrize("role", ROLES)
def test_each_person_has_the_roles_on_the_wire_the_table_says(
    request: pytest.FixtureRequest, role: str
) -> None:
    fixtures = {
        name: request.getfixturevalue(name) for name in ("brazil", "region", "other_region")
    }
    user = _person(request, role)
    answers = {action: predicate(user, fixtures) for action, (predicate, _) in ROLE_ACTIONS.items()}
    assert answers == {action: role in allowed for action, (_, allowed) in ROLE_ACTIONS.items()}


@pytest.mark.parametrize("role", ROLES)
def test_the_queries_scopes_agree_with_the_predicates(
    request: pytest.FixtureRequest, file_report: Callable[..., Report], role: str
) -> None:
    """The desk's queue and the choice of datelines filter as can_edit and can_file_for say."""
    report = file_report()
    user = _person(request, role)
    editable = permissions.editable_reports(user)
    in_scope = Report.objects.filter(editable or Q(), pk=report.pk).exists()
    assert in_scope is permissions.can_edit(user, report)
    datelines = permissions.dateline_countries(user)
    countries = Country.objects.select_related("region")
    assert set(countries.filter(datelines or Q())) == {
        country for country in countries if permissions.can_file_for(user, country)
    }
