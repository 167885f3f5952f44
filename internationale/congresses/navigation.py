"""The parts of a congress's pages, as its menu lists them: (URL name, label, action).

A reader sees the parts the table (permissions.RULES) lets them read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from internationale.accounts.permissions import AnyUser
from internationale.congresses.models import Congress
from internationale.congresses.permissions import Action, may


@dataclass(frozen=True)
class Part:
    url_name: str
    label: str | Promise
    action: Action


PARTS: tuple[Part, ...] = (
    Part("congresses:detail", _("Overview"), Action.VIEW),
    Part("congresses:sections", _("Sections"), Action.READ_INTERNAL),
    Part("congresses:debate", _("Debate"), Action.READ_INTERNAL),
    Part("congresses:tendencies", _("Tendencies"), Action.READ_INTERNAL),
    Part("congresses:delegates", _("Delegates"), Action.READ_INTERNAL),
    Part("congresses:credentials", _("Credentials"), Action.DECIDE_CREDENTIALS),
    Part("congresses:attendance", _("Attendance"), Action.CHECK_IN),
    Part("congresses:attendance_self", _("Check in"), Action.CHECK_IN_SELF),
    Part("congresses:proxy", _("Proxy"), Action.GIVE_PROXY),
    # The floor (decision 0027).
    Part("congresses:agenda", _("Agenda"), Action.READ_INTERNAL),
    Part("congresses:floor", _("Floor"), Action.FOLLOW_FLOOR),
    Part("congresses:floor_chair", _("Chair"), Action.CHAIR),
    Part("congresses:projector", _("Projector"), Action.FOLLOW_FLOOR),
    Part("congresses:manage", _("Manage"), Action.MANAGE),
)


def menu(user: AnyUser, congress: Congress, current: str) -> list[dict[str, object]]:
    """The menu's entries for ``user``: label, address and whether it is the current page."""
    return [
        {
            "label": part.label,
            "url": reverse(part.url_name, args=[congress.slug]),
            "current": part.url_name == current,
        }
        for part in PARTS
        if may(user, congress, part.action)
    ]
