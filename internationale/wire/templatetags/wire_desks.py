"""Which desks of the wire a person may open: the views' own predicates, for the links to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from internationale.wire import permissions

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser

register = template.Library()


@register.simple_tag
def wire_desks(user: AnyUser) -> dict[str, bool]:
    """``{% wire_desks user as desks %}``: ``desks.mine`` (my reports, the byline, a new
    report) and ``desks.queue`` (the editors' desk), each as its view decides."""
    return {
        "mine": permissions.can_file_reports(user),
        "queue": permissions.can_open_desk(user),
    }
