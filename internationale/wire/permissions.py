"""Who may do what with a report. Built on the role predicates of accounts/permissions.py.

Every predicate that looks at a report's regions uses its ``region_rows``;
the queries prefetch them, so asking costs no query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from internationale.accounts import permissions as roles
from internationale.wire.models import WAITING, WITH_CORRESPONDENT, Report, State

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser
    from internationale.organizations.models import Country


def region_ids(report: Report) -> set[int]:
    return {row.region_id for row in report.region_rows.all()}


def can_file_for(user: AnyUser, country: Country) -> bool:
    """File a report datelined in ``country``: its correspondents and editors for its region."""
    return roles.can_file_reports_for(user, country) or roles.can_edit_on_wire(
        user, region_ids={country.region_id}, language=""
    )


def can_open_desk(user: AnyUser) -> bool:
    return roles.is_editor(user)


def can_edit(user: AnyUser, report: Report) -> bool:
    """Edit, return, publish or unpublish: editors whose region or language it is."""
    return roles.can_edit_on_wire(user, region_ids=region_ids(report), language=report.language)


def is_author(user: AnyUser, report: Report) -> bool:
    return bool(user.is_authenticated and report.author_id == user.pk)


def can_change_draft(user: AnyUser, report: Report) -> bool:
    """The correspondent changes and submits their report while it is with them."""
    return is_author(user, report) and report.state in WITH_CORRESPONDENT


def can_view_on_desk(user: AnyUser, report: Report) -> bool:
    """See a report that is not public, with its revisions: its author and its editors."""
    return is_author(user, report) or can_edit(user, report)


def waits_for_editor(report: Report) -> bool:
    return report.state in WAITING


def can_unpublish(user: AnyUser, report: Report) -> bool:
    return report.state == State.PUBLISHED and can_edit(user, report)


def can_see_identity(user: AnyUser, *, correspondent_region_ids: set[int]) -> bool:
    """See the account behind a pen name: the secretariat, the correspondent's regional editors."""
    return roles.can_see_real_identity(user, region_ids=correspondent_region_ids)
