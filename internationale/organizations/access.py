"""Fetch an organization or an application for the person asking, and authorize them, in one call.

Views get their object here instead of fetching and then checking: an
organization that does not exist is a 404, one the person may not act on as
asked a 403; an application the person may not read is a 404 (it does not
confirm that an application exists), one they read but may not act on a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

from internationale.accounts.access import allowed_user
from internationale.organizations import permissions, queries

if TYPE_CHECKING:
    from internationale.accounts.models import User
    from internationale.accounts.permissions import AnyUser
    from internationale.organizations.models import Application, Organization


def organization(pk: int) -> Organization:
    """An organization of the directory, with what its page shows; else 404 (anyone reads it)."""
    found = queries.organization_detail(pk)
    if found is None:
        raise Http404
    return found


def organization_for(
    request: HttpRequest, pk: int, may: Callable[[AnyUser, Organization], bool]
) -> tuple[User, Organization]:
    """The user and the organization when ``may`` (a permissions.py predicate) says so; else 403."""
    found = organization(pk)
    return allowed_user(request, may(request.user, found)), found


def application(request: HttpRequest, pk: int) -> Application:
    """An application with its thread, for its applicant and the secretariat; else 404."""
    found = queries.application_detail(pk)
    if found is None or not permissions.can_view_application(request.user, found):
        raise Http404
    return found


def application_for(
    request: HttpRequest, pk: int, may: Callable[[AnyUser, Application], bool]
) -> tuple[User, Application]:
    """The user and the application when ``may`` allows; 404 if they may not read it, else 403."""
    found = application(request, pk)
    return allowed_user(request, may(request.user, found)), found
