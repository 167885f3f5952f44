"""Fetch a report for the person asking, and authorize them, in one call.

Views get their report here instead of fetching and then checking: a report
the person may not see on the desk is a 404 (it does not confirm the report
exists), one they see but may not act on as asked is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

from internationale.accounts.access import allowed_user
from internationale.wire import permissions, queries

if TYPE_CHECKING:
    from internationale.accounts.models import User
    from internationale.accounts.permissions import AnyUser
    from internationale.wire.models import Media, Report


def report_on_desk(request: HttpRequest, pk: int) -> Report:
    """The report with its revisions' context, for its author and its editors; else 404."""
    report = queries.report_detail(pk)
    if report is None or not permissions.can_view_on_desk(request.user, report):
        raise Http404
    return report


def report_for(
    request: HttpRequest, pk: int, may: Callable[[AnyUser, Report], bool]
) -> tuple[User, Report]:
    """The user and the report when ``may`` (a predicate of wire/permissions.py) allows.

    404 if they may not see the report on the desk, 403 if they see it but may not.
    """
    report = report_on_desk(request, pk)
    return allowed_user(request, may(request.user, report)), report


def report_for_reader(request: HttpRequest, pk: int) -> Report:
    """A report for its public page: anyone once it is live, before that who sees it on the
    desk; else 404."""
    report = queries.report_detail(pk)
    if report is None or not permissions.can_read(request.user, report):
        raise Http404
    return report


def media_for_reader(request: HttpRequest, name: str) -> Media:
    """An uploaded file of a report, to whoever may read the report; else 404."""
    item = queries.media_named(name)
    if item is None or not permissions.can_read(request.user, item.report):
        raise Http404
    return item


def media_for(
    request: HttpRequest, media_id: int, may: Callable[[AnyUser, Report], bool]
) -> tuple[User, Report, Media]:
    """The user, the report and one of its media when ``may`` allows, as ``report_for``."""
    item = queries.media_item(media_id)
    if item is None:
        raise Http404
    user, report = report_for(request, item.report_id, may)
    return user, report, item
