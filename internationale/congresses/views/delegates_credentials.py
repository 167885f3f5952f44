"""The credentials committee: accept or reject each nominee, seat alternates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from internationale.congresses import queries_delegates as queries
from internationale.congresses.access import congress_for
from internationale.congresses.forms_delegates import DecisionForm, ReplacementForm
from internationale.congresses.models import Congress
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import Action
from internationale.congresses.services import delegates_credentials as services
from internationale.congresses.views.delegates import _user


def _page(request: HttpRequest, congress: Congress, status: int = 200) -> HttpResponse:
    context = {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:credentials"),
        "sections": queries.board(congress),
        "quorum": queries.quorum(congress),
    }
    return render(request, "congresses/delegates/credentials.html", context, status=status)


@login_required
@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, congress_for(request, slug, Action.DECIDE_CREDENTIALS))


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    congress = congress_for(request, slug, Action.DECIDE_CREDENTIALS)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose to accept or to reject, with a reason of 500 characters at most.")
        )
        return _page(request, congress, status=400)
    try:
        row = services.decide(
            by=_user(request),
            congress=congress,
            delegate_id=pk,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    except services.CredentialsError as error:
        messages.error(request, str(error))
        return _page(request, congress, status=400)
    done = (
        _("The credentials of %(name)s were accepted.")
        if row.credentials == row.Credentials.ACCEPTED
        else _("The credentials of %(name)s were rejected.")
    )
    messages.success(request, done % {"name": row.name})
    return redirect("congresses:credentials", congress.slug)


@login_required
@require_POST
def replace(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.DECIDE_CREDENTIALS)
    form = ReplacementForm(request.POST)
    try:
        if not form.is_valid():
            raise services.CredentialsError(_("Choose the delegate the alternate replaces."))
        row = services.replace(
            by=_user(request),
            congress=congress,
            alternate_id=form.cleaned_data["alternate"],
            delegate_id=form.cleaned_data["delegate"],
        )
    except services.CredentialsError as error:
        messages.error(request, str(error))
        return _page(request, congress, status=400)
    messages.success(request, _("%(name)s now holds the seat.") % {"name": row.name})
    return redirect("congresses:credentials", congress.slug)


@login_required
@require_POST
def end_replacement(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    congress = congress_for(request, slug, Action.DECIDE_CREDENTIALS)
    try:
        services.end_replacement(by=_user(request), congress=congress, alternate_id=pk)
    except services.CredentialsError as error:
        messages.error(request, str(error))
        return _page(request, congress, status=400)
    messages.success(request, _("The delegate has their seat back."))
    return redirect("congresses:credentials", congress.slug)
