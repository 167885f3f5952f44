"""Who may do what at a congress: every action by role and phase, as one table.

The table below is written out by hand, not read from permissions.RULES: a change
to the rules fails here until someone decides it and writes the new row.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from internationale.accounts.models import Role
from internationale.accounts.services import assign_role
from internationale.congresses import permissions
from internationale.congresses.models import Congress, Phase
from internationale.congresses.permissions import Action, CongressRole, allows, roles_at
from tests.conftest import make_user

#: A letter per role: Anonymous, Member, Representative of a section, Delegate,
#: credentials committee (K), Chair, Secretariat.
LETTERS = {
    "A": CongressRole.ANONYMOUS,
    "M": CongressRole.MEMBER,
    "R": CongressRole.REPRESENTATIVE,
    "D": CongressRole.DELEGATE,
    "K": CongressRole.CREDENTIALS,
    "C": CongressRole.CHAIR,
    "S": CongressRole.SECRETARIAT,
}
PHASES = (Phase.CONVENED, Phase.DEBATE, Phase.CREDENTIALS, Phase.SESSION, Phase.CLOSED)

# fmt: off
#: action -> the roles that may take it in each phase, in the order of PHASES.
TABLE: dict[Action, tuple[str, str, str, str, str]] = {
    #                          convened   debate     credentials  session    closed
    Action.VIEW:              ("AMRDKCS", "AMRDKCS", "AMRDKCS",   "AMRDKCS", "AMRDKCS"),
    Action.READ_INTERNAL:     ("MRDKCS",  "MRDKCS",  "MRDKCS",    "MRDKCS",  "MRDKCS"),
    Action.MANAGE:            ("S",       "S",       "S",         "S",       ""),
    Action.DECLARE_FIGURES:   ("R",       "R",       "",          "",        ""),
    Action.VALIDATE_FIGURES:  ("S",       "S",       "",          "",        ""),
    Action.NOMINATE:          ("R",       "R",       "R",         "",        ""),
    Action.DECIDE_CREDENTIALS: ("",       "",        "KS",        "KS",      ""),
    Action.CHECK_IN:          ("",        "",        "KS",        "KS",      ""),
    Action.CHECK_IN_SELF:     ("",        "",        "D",         "D",       ""),
    Action.GIVE_PROXY:        ("",        "",        "D",         "D",       ""),
    Action.CONTRIBUTE:        ("",        "MRDKCS",  "",          "",        ""),
    Action.PUBLISH_BULLETIN:  ("",        "S",       "S",         "S",       ""),
    Action.DECLARE_TENDENCY:  ("",        "MRDKCS",  "MRDKCS",    "",        ""),
    Action.CHAIR:             ("",        "",        "",          "CS",      ""),
    Action.ASK_TO_SPEAK:      ("",        "",        "",          "D",       ""),
    Action.FOLLOW_FLOOR:      ("MRDKCS",  "MRDKCS",  "MRDKCS",    "MRDKCS",  "MRDKCS"),
}
# fmt: on


def test_the_table_names_every_action() -> None:
    assert set(TABLE) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("phase", PHASES)
def test_each_role_may_act_in_each_phase_as_the_table_says(action: Action, phase: Phase) -> None:
    allowed = TABLE[action][PHASES.index(phase)]
    answers = {letter: allows(frozenset({role}), phase, action) for letter, role in LETTERS.items()}
    assert answers == {letter: letter in allowed for letter in LETTERS}


PEOPLE = [
    "secretariat", "chair", "credentials_member", "delegate", "section_representative",
    "representative", "member", "editor", "delegate_elsewhere", "outsider", "anonymous",
]  # fmt: skip

#: Who each person is at the congress. A representative of an organization that
#: is not in the international, an editor, a delegate to another congress and an account
#: with no role are nobody there.
EXPECTED_ROLES: dict[str, set[CongressRole]] = {
    "secretariat": {CongressRole.SECRETARIAT, CongressRole.MEMBER},
    "chair": {CongressRole.CHAIR, CongressRole.MEMBER},
    "credentials_member": {CongressRole.CREDENTIALS, CongressRole.MEMBER},
    "delegate": {CongressRole.DELEGATE, CongressRole.MEMBER},
    "section_representative": {CongressRole.REPRESENTATIVE, CongressRole.MEMBER},
    "representative": {CongressRole.ANONYMOUS},
    "member": {CongressRole.MEMBER},
    "editor": {CongressRole.ANONYMOUS},
    "delegate_elsewhere": {CongressRole.ANONYMOUS},
    "outsider": {CongressRole.ANONYMOUS},
    "anonymous": {CongressRole.ANONYMOUS},
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
def test_each_person_holds_the_roles_their_grants_give_at_the_congress(
    request: pytest.FixtureRequest, congress: Congress, person: str
) -> None:
    user = _person(request, person)
    assert set(roles_at(user, congress)) == EXPECTED_ROLES[person]


def test_a_representative_acts_for_their_own_section_only(
    congress: Congress, section_representative: Any, section: Any, organization: Any
) -> None:
    congress.phase = Phase.DEBATE
    other = type(section).objects.create(name="Corriente Roja", country=section.country)
    assert permissions.may_act_for_section(
        section_representative, congress, Action.DECLARE_FIGURES, section.pk
    )
    assert not permissions.may_act_for_section(
        section_representative, congress, Action.DECLARE_FIGURES, other.pk
    )


def test_only_the_congresss_delegates_vote_in_it(
    congress: Congress, delegate: Any, member: Any
) -> None:
    assert permissions.can_vote_in(delegate, congress)
    assert not permissions.can_vote_in(member, congress)


def test_a_representative_of_a_member_organization_is_a_member_at_the_congress(
    congress: Congress, representative: Any, organization: Any
) -> None:
    organization.status = "member"
    organization.save(update_fields=["status"])
    assert set(roles_at(representative, congress)) == {CongressRole.MEMBER}


def test_the_agenda_is_kept_by_the_secretariat_and_in_session_by_the_chair(
    congress: Congress, secretariat: Any, chair: Any, member: Any
) -> None:
    congress.phase = Phase.DEBATE
    assert permissions.may_keep_agenda(secretariat, congress)
    assert not permissions.may_keep_agenda(chair, congress)
    congress.phase = Phase.SESSION
    assert permissions.may_keep_agenda(chair, congress)
    assert not permissions.may_keep_agenda(member, congress)
    congress.phase = Phase.CLOSED
    assert not permissions.may_keep_agenda(secretariat, congress)
