"""Who may do what at a congress: a table of actions by role and phase.

A user's roles at one congress are read from their grants (accounts/permissions.py):
the secretariat; the congress's chair and credentials committee; its accepted
delegates (who hold the delegate role for it); the representatives of its
sections; and members of the international. Each action names the roles that
may take it and the phases in which they may. Deadlines inside a phase (the
date by which figures, nominations or contributions are due) and rules about
one object (a representative acts for their own section only) are checked by
the services and the predicates below, on top of this table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from internationale.accounts.models import Role
from internationale.accounts.permissions import grants, has_role, is_secretariat
from internationale.congresses.models import Phase
from internationale.organizations.models import (
    IN_THE_INTERNATIONAL,
    SECTION_STATUSES,
    Organization,
)

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser
    from internationale.congresses.models import Congress


class CongressRole(StrEnum):
    """A user's standing at one congress. One user may hold several."""

    ANONYMOUS = "anonymous"
    MEMBER = "member"  # of the international
    REPRESENTATIVE = "representative"  # of one of the congress's sections
    DELEGATE = "delegate"  # accepted by the credentials committee
    CREDENTIALS = "credentials"  # the credentials committee
    CHAIR = "chair"
    SECRETARIAT = "secretariat"


class Action(StrEnum):
    VIEW = "view"  # the public page: title, dates, place, call
    READ_INTERNAL = "read_internal"  # sections, apportionment, delegates, debate, agenda
    MANAGE = "manage"  # settings, call, deadlines, agenda; move to the next phase
    DECLARE_FIGURES = "declare_figures"
    VALIDATE_FIGURES = "validate_figures"
    NOMINATE = "nominate"
    DECIDE_CREDENTIALS = "decide_credentials"
    CHECK_IN = "check_in"  # at the credentials desk
    CHECK_IN_SELF = "check_in_self"  # a delegate, with a code
    GIVE_PROXY = "give_proxy"
    CONTRIBUTE = "contribute"  # submit or endorse a contribution
    PUBLISH_BULLETIN = "publish_bulletin"
    DECLARE_TENDENCY = "declare_tendency"  # declare one, or sign one's platform
    CHAIR = "chair"  # run the floor: agenda item, speakers, timer
    ASK_TO_SPEAK = "ask_to_speak"
    FOLLOW_FLOOR = "follow_floor"  # the projector and the delegate's live page


R = CongressRole
P = Phase
_EVERY_ROLE = frozenset(R)
_INSIDE = frozenset(R) - {R.ANONYMOUS}
_EVERY_PHASE = frozenset(P)
_OPEN = _EVERY_PHASE - {P.CLOSED}
_BEFORE_CREDENTIALS = frozenset({P.CONVENED, P.DEBATE})
_AT_THE_HALL = frozenset({P.CREDENTIALS, P.SESSION})

#: action -> (the roles that may take it, the phases in which they may).
RULES: dict[Action, tuple[frozenset[CongressRole], frozenset[Phase]]] = {
    Action.VIEW: (_EVERY_ROLE, _EVERY_PHASE),
    Action.READ_INTERNAL: (_INSIDE, _EVERY_PHASE),
    Action.MANAGE: (frozenset({R.SECRETARIAT}), _OPEN),
    Action.DECLARE_FIGURES: (frozenset({R.REPRESENTATIVE}), _BEFORE_CREDENTIALS),
    Action.VALIDATE_FIGURES: (frozenset({R.SECRETARIAT}), _BEFORE_CREDENTIALS),
    Action.NOMINATE: (
        frozenset({R.REPRESENTATIVE}),
        frozenset({P.CONVENED, P.DEBATE, P.CREDENTIALS}),
    ),
    Action.DECIDE_CREDENTIALS: (frozenset({R.CREDENTIALS, R.SECRETARIAT}), _AT_THE_HALL),
    Action.CHECK_IN: (frozenset({R.CREDENTIALS, R.SECRETARIAT}), _AT_THE_HALL),
    Action.CHECK_IN_SELF: (frozenset({R.DELEGATE}), _AT_THE_HALL),
    Action.GIVE_PROXY: (frozenset({R.DELEGATE}), _AT_THE_HALL),
    Action.CONTRIBUTE: (_INSIDE, frozenset({P.DEBATE})),
    Action.PUBLISH_BULLETIN: (
        frozenset({R.SECRETARIAT}),
        frozenset({P.DEBATE, P.CREDENTIALS, P.SESSION}),
    ),
    Action.DECLARE_TENDENCY: (_INSIDE, frozenset({P.DEBATE, P.CREDENTIALS})),
    Action.CHAIR: (frozenset({R.CHAIR, R.SECRETARIAT}), frozenset({P.SESSION})),
    Action.ASK_TO_SPEAK: (frozenset({R.DELEGATE}), frozenset({P.SESSION})),
    Action.FOLLOW_FLOOR: (_INSIDE, _EVERY_PHASE),
}

_CACHE_ATTR = "_internationale_congress_roles"


def roles_at(user: AnyUser, congress: Congress) -> frozenset[CongressRole]:
    """The user's roles at ``congress`` (read once per user object and congress)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset({R.ANONYMOUS})
    cache: dict[int, frozenset[CongressRole]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if congress.pk not in cache:
        cache[congress.pk] = _roles_at(user, congress)
    return cache[congress.pk]


def _roles_at(user: AnyUser, congress: Congress) -> frozenset[CongressRole]:
    roles: set[CongressRole] = set()
    if is_secretariat(user):
        roles.add(R.SECRETARIAT)
    for role, congress_role in (
        (Role.CHAIR, R.CHAIR),
        (Role.CREDENTIALS, R.CREDENTIALS),
        (Role.DELEGATE, R.DELEGATE),
    ):
        if has_role(user, role, congress_id=congress.pk):
            roles.add(congress_role)
    represented = _represented(user).values()
    if any(status in SECTION_STATUSES for status in represented):
        roles.add(R.REPRESENTATIVE)
    in_the_international = any(status in IN_THE_INTERNATIONAL for status in represented)
    if roles or has_role(user, Role.MEMBER) or in_the_international:
        roles.add(R.MEMBER)
    return frozenset(roles) if roles else frozenset({R.ANONYMOUS})


def _represented(user: AnyUser) -> dict[int, str]:
    """The organizations the user represents, by id, with their status (one query)."""
    ids = {g.organization_id for g in grants(user) if g.role == Role.REPRESENTATIVE}
    if not ids:
        return {}
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "status"))


def represented_sections(user: AnyUser) -> frozenset[int]:
    """The ids of the sections (official or sympathizing) the user represents."""
    return frozenset(pk for pk, status in _represented(user).items() if status in SECTION_STATUSES)


def allows(roles: frozenset[CongressRole], phase: Phase | str, action: Action) -> bool:
    """The table itself: whether any of ``roles`` may take ``action`` in ``phase``."""
    allowed_roles, phases = RULES[action]
    return Phase(phase) in phases and bool(roles & allowed_roles)


def may(user: AnyUser, congress: Congress, action: Action) -> bool:
    """Whether ``user`` may take ``action`` at ``congress`` in its present phase."""
    return allows(roles_at(user, congress), congress.phase, action)


def may_act_for_section(user: AnyUser, congress: Congress, action: Action, section_id: int) -> bool:
    """``may``, and the user represents that section (the secretariat may act for any)."""
    if not may(user, congress, action):
        return False
    return is_secretariat(user) or section_id in represented_sections(user)


def may_keep_agenda(user: AnyUser, congress: Congress) -> bool:
    """The agenda is kept by the secretariat (MANAGE) and, in session, by the chair."""
    return may(user, congress, Action.MANAGE) or may(user, congress, Action.CHAIR)


def can_vote_in(user: AnyUser, congress: Congress) -> bool:
    return has_role(user, Role.DELEGATE, congress_id=congress.pk)
