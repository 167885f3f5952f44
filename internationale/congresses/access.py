"""The one gate congress views use: the congress by its slug, if the user may act on it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from internationale.congresses.models import Congress
from internationale.congresses.permissions import Action, may


def congress_for(request: HttpRequest, slug: str, action: Action) -> Congress:
    """The congress at ``slug`` if the request's user may take ``action`` on it now.

    404 when there is no such congress, 403 when the table (permissions.RULES)
    does not allow it, including an action the present phase does not allow.
    Views of any action but VIEW are wrapped in ``login_required``, so an
    anonymous reader is sent to log in before this is asked.
    """
    congress = get_object_or_404(Congress, slug=slug)
    if not may(request.user, congress, action):
        raise PermissionDenied
    return congress
