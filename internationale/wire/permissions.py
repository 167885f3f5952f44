"""Who may do what on the wire: the editors' and correspondents' rules, and each report's.

Built on the role machinery of accounts/permissions.py (``grants``, ``has_role``,
``is_secretariat``). Every predicate that looks at a report's regions uses its
``region_rows``; the queries prefetch them, so asking costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from internationale.accounts.models import Role
from internationale.accounts.permissions import grants, has_role, is_secretariat
from internationale.wire.models import WAITING, WITH_CORRESPONDENT, Report, ReportRegion, State

if TYPE_CHECKING:
    from internationale.accounts.permissions import AnyUser
    from internationale.organizations.models import Country, Region


# --- roles on the wire -----------------------------------------------------------------------


def can_edit_for_region(user: AnyUser, region: Region | None) -> bool:
    """Edit and publish on the wire for a region: global editors, that region's editors."""
    if is_secretariat(user):
        return True
    for grant in grants(user):
        if grant.role == Role.EDITOR and (
            (grant.region_id is None and not grant.language)
            or (region is not None and grant.region_id == region.pk)
        ):
            return True
    return False


def is_editor(user: AnyUser) -> bool:
    """An editor of the wire in any scope (or the secretariat): may open the desk."""
    return is_secretariat(user) or any(grant.role == Role.EDITOR for grant in grants(user))


def can_edit_on_wire(user: AnyUser, *, region_ids: set[int], language: str) -> bool:
    """Edit, publish or unpublish a report of these regions in this language.

    Global editors and the secretariat edit everything; a region's editors the
    reports that touch their region; a language's editors the reports in it.
    """
    if is_secretariat(user):
        return True
    for grant in grants(user):
        if grant.role != Role.EDITOR:
            continue
        if grant.region_id is None and not grant.language:
            return True
        if grant.region_id is not None and grant.region_id in region_ids:
            return True
        if grant.language and grant.language == language:
            return True
    return False


def can_see_real_identity(user: AnyUser, *, region_ids: set[int]) -> bool:
    """See who a correspondent is behind their pen name.

    Only the secretariat and the editors responsible for one of the
    correspondent's regions (global editors are responsible for all); an
    editor for a language sees the pen name only.
    """
    if is_secretariat(user):
        return True
    for grant in grants(user):
        if grant.role == Role.EDITOR and (
            (grant.region_id is None and not grant.language) or grant.region_id in region_ids
        ):
            return True
    return False


def correspondent_country_ids(user: AnyUser) -> set[int]:
    """The countries and territories a correspondent files for."""
    return {
        grant.country_id
        for grant in grants(user)
        if grant.role == Role.CORRESPONDENT and grant.country_id is not None
    }


def is_correspondent(user: AnyUser) -> bool:
    return bool(correspondent_country_ids(user))


def can_file_reports_for(user: AnyUser, country: Country) -> bool:
    return has_role(user, Role.CORRESPONDENT, country_id=country.pk)


def can_file_reports(user: AnyUser) -> bool:
    """File reports at all, and keep a byline: correspondents and editors."""
    return is_correspondent(user) or is_editor(user)


# --- what a person's roles reach, as filters for the queries ---------------------------------


@dataclass(frozen=True)
class _EditorReach:
    everything: bool
    region_ids: frozenset[int] = frozenset()
    languages: frozenset[str] = frozenset()


def _editor_reach(user: AnyUser) -> _EditorReach:
    """What ``user`` edits on the wire: everything, or some regions and languages."""
    if is_secretariat(user):
        return _EditorReach(everything=True)
    regions, languages = set(), set()
    for grant in grants(user):
        if grant.role != Role.EDITOR:
            continue
        if grant.region_id is None and not grant.language:
            return _EditorReach(everything=True)
        if grant.region_id is not None:
            regions.add(grant.region_id)
        if grant.language:
            languages.add(grant.language)
    return _EditorReach(False, frozenset(regions), frozenset(languages))


def editable_reports(user: AnyUser) -> Q | None:
    """The reports ``user`` edits (``can_edit``), as a filter on reports; None for every one."""
    reach = _editor_reach(user)
    if reach.everything:
        return None
    in_region = ReportRegion.objects.filter(region_id__in=reach.region_ids).values("report_id")
    return Q(pk__in=in_region) | Q(language__in=reach.languages)


def dateline_countries(user: AnyUser) -> Q | None:
    """The countries ``user`` may dateline a report in (``can_file_for``), as a filter on
    countries; None for every one."""
    reach = _editor_reach(user)
    if reach.everything:
        return None
    return Q(pk__in=correspondent_country_ids(user)) | Q(region_id__in=reach.region_ids)


# --- a report ------------------------------------------------------------------------------------


def region_ids(report: Report) -> set[int]:
    return {row.region_id for row in report.region_rows.all()}


def can_file_for(user: AnyUser, country: Country) -> bool:
    """File a report datelined in ``country``: its correspondents and editors for its region."""
    return can_file_reports_for(user, country) or can_edit_on_wire(
        user, region_ids={country.region_id}, language=""
    )


def can_open_desk(user: AnyUser) -> bool:
    return is_editor(user)


def can_edit(user: AnyUser, report: Report) -> bool:
    """Edit, return, publish or unpublish: editors whose region or language it is."""
    return can_edit_on_wire(user, region_ids=region_ids(report), language=report.language)


def is_author(user: AnyUser, report: Report) -> bool:
    return bool(user.is_authenticated and report.author_id == user.pk)


def can_change_draft(user: AnyUser, report: Report) -> bool:
    """The correspondent changes and submits their report while it is with them."""
    return is_author(user, report) and report.state in WITH_CORRESPONDENT


def can_view_on_desk(user: AnyUser, report: Report) -> bool:
    """See a report that is not public, with its revisions: its author and its editors."""
    return is_author(user, report) or can_edit(user, report)


def can_read(user: AnyUser, report: Report) -> bool:
    """Read a report's page and fetch its media: anyone once it is live; before, who sees it
    on the desk."""
    live = report.state == State.PUBLISHED and report.is_live()
    return live or can_view_on_desk(user, report)


def waits_for_editor(report: Report) -> bool:
    return report.state in WAITING


def can_work_on(user: AnyUser, report: Report) -> bool:
    """Open its edit form and add or remove its media: its correspondent and its editors.

    What they may then change depends on the state (``can_change_text``); the services check.
    """
    return can_change_draft(user, report) or can_edit(user, report)


def may_act_on_desk(user: AnyUser, report: Report) -> bool:
    """Post a step from the desk page: anyone who sees it there; the services check the step."""
    return True


def may_translate(user: AnyUser, report: Report) -> bool:
    """Start a translation of a report: any editor of the wire."""
    return is_editor(user)


def can_change_text(user: AnyUser, report: Report) -> bool:
    """Change the text: its correspondent while it is with them, its editors once it left them."""
    return can_change_draft(user, report) or (
        report.state not in WITH_CORRESPONDENT and can_edit(user, report)
    )


def can_take(user: AnyUser, report: Report) -> bool:
    """Take a submitted report in edit: its editors."""
    return report.state == State.SUBMITTED and can_edit(user, report)


def can_return(user: AnyUser, report: Report) -> bool:
    """Return a waiting report to its correspondent with comments: its editors."""
    return report.state in WAITING and can_edit(user, report)


def can_publish(user: AnyUser, report: Report) -> bool:
    """Publish a waiting or unpublished report, or move the time of a scheduled one: its editors."""
    movable = report.state in (*WAITING, State.UNPUBLISHED) or (
        report.state == State.PUBLISHED and report.is_scheduled
    )
    return movable and can_edit(user, report)


def can_unpublish(user: AnyUser, report: Report) -> bool:
    return report.state == State.PUBLISHED and can_edit(user, report)


def can_lift_appeal(user: AnyUser, report: Report) -> bool:
    """Unpin a published (or scheduled) appeal: its editors; the services check it is pinned."""
    return report.state == State.PUBLISHED and can_edit(user, report)


def can_see_identity(user: AnyUser, *, correspondent_region_ids: set[int]) -> bool:
    """See the account behind a pen name: the secretariat, the correspondent's regional editors."""
    return can_see_real_identity(user, region_ids=correspondent_region_ids)
