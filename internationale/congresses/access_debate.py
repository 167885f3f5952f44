"""Who reads which contribution: members read the debate; the public reads what the
secretariat made public; a withdrawn contribution stays with its submitter and the
secretariat."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from internationale.accounts.permissions import is_secretariat
from internationale.congresses import queries_debate
from internationale.congresses.access import congress_for
from internationale.congresses.models import Congress, Contribution
from internationale.congresses.permissions import Action, may


class LoginNeededError(Exception):
    """An anonymous reader asked for a contribution that is not public."""


def is_public(contribution: Contribution) -> bool:
    return contribution.public and contribution.state != Contribution.State.WITHDRAWN


def readable(request: HttpRequest, slug: str, pk: int) -> tuple[Congress, Contribution]:
    """The congress and the contribution ``pk`` if the request's user may read it.

    A public contribution: anyone. Otherwise an anonymous reader must log in
    (``LoginNeededError``), a reader outside the international gets 403, and a
    withdrawn contribution is 404 but for its submitter and the secretariat.
    """
    congress = get_object_or_404(Congress, slug=slug)
    contribution = queries_debate.contribution(congress, pk)
    if contribution is None:
        raise Http404
    if is_public(contribution):
        return congress, contribution
    if not request.user.is_authenticated:
        raise LoginNeededError
    if not may(request.user, congress, Action.READ_INTERNAL):
        raise PermissionDenied
    if contribution.state == Contribution.State.WITHDRAWN and not (
        is_secretariat(request.user) or contribution.submitted_by_id == request.user.pk
    ):
        raise Http404
    return congress, contribution


def contribution_for(
    request: HttpRequest, slug: str, pk: int, action: Action
) -> tuple[Congress, Contribution]:
    """The congress, if the user may take ``action`` on it now, and a contribution of it
    they may see (404 otherwise)."""
    congress = congress_for(request, slug, action)
    contribution = queries_debate.contribution(congress, pk)
    if contribution is None:
        raise Http404
    if contribution.state == Contribution.State.WITHDRAWN and not (
        is_secretariat(request.user) or contribution.submitted_by_id == request.user.pk
    ):
        raise Http404
    return congress, contribution
