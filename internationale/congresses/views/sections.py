"""The sections' pages: the sections and the apportionment, a section's figure, and the
secretariat's validation of figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from internationale.accounts.models import User
from internationale.congresses import queries_sections as queries
from internationale.congresses.access import congress_for
from internationale.congresses.models import Congress, MandateRule, deadline_passed
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import (
    Action,
    may,
    may_act_for_section,
    represented_sections,
)
from internationale.congresses.services import sections as services
from internationale.congresses.views.sections_forms import DecisionForm, FigureForm
from internationale.organizations.models import SECTION_STATUSES, Organization


def _context(request: HttpRequest, congress: Congress, **extra: Any) -> dict[str, Any]:
    return {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:sections"),
        **extra,
    }


@login_required
@require_GET
def section_list(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    record = queries.latest_record(congress)
    mine = (
        represented_sections(request.user)
        if may(request.user, congress, Action.DECLARE_FIGURES)
        else frozenset()
    )
    context = _context(
        request,
        congress,
        rows=queries.sections(congress),
        observers=queries.observers(),
        record=record,
        seats=queries.calculation(record) if record else None,
        votes=queries.calculation(record, votes=True) if record else None,
        by_section=congress.mandate_rule == MandateRule.SECTION_VOTES,
        mine=mine,
        may_validate=may(request.user, congress, Action.VALIDATE_FIGURES),
    )
    return render(request, "congresses/sections/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section_figure(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    congress = congress_for(request, slug, Action.DECLARE_FIGURES)
    section = _section_for(request, congress, pk)
    late = deadline_passed(congress.figures_due)
    form = FigureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_figure(
                by=_user(request),
                congress_id=congress.pk,
                organization_id=section.pk,
                **form.cleaned_data,
            )
        except services.FigureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The figure was declared; the secretariat will check it."))
            return redirect("congresses:section_figure", congress.slug, section.pk)
    context = _context(
        request,
        congress,
        section=section,
        form=form,
        closed=late or congress.apportionment_frozen_at is not None,
        history=queries.figure_history(congress, section.pk),
    )
    return render(
        request, "congresses/sections/figure.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.VALIDATE_FIGURES)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request, congress, form.cleaned_data)
        except services.FigureError as error:
            form.add_error(None, str(error))
        else:
            return redirect("congresses:figures", congress.slug)
    context = _context(
        request,
        congress,
        form=form,
        pending=queries.pending_figures(congress),
        history=queries.figure_history(congress),
    )
    return render(
        request, "congresses/sections/figures.html", context, status=400 if form.errors else 200
    )


def _decide(request: HttpRequest, congress: Congress, data: dict[str, Any]) -> None:
    by = _user(request)
    if data["decision"] == "recompute":
        services.recompute_apportionment(by=by, congress_id=congress.pk)
        messages.success(request, _("The apportionment was computed again."))
        return
    accept = data["decision"] == "validate"
    services.decide_figure(
        by=by,
        congress_id=congress.pk,
        figure_id=data["figure"],
        accept=accept,
        reason=data["reason"],
    )
    messages.success(
        request,
        _("The figure was validated and the apportionment computed again.")
        if accept
        else _("The figure was rejected."),
    )


def _section_for(request: HttpRequest, congress: Congress, pk: int) -> Organization:
    """The section ``pk`` if the user may declare for it (404 if not a section, else 403)."""
    section = get_object_or_404(Organization, pk=pk, status__in=SECTION_STATUSES)
    if not may_act_for_section(request.user, congress, Action.DECLARE_FIGURES, section.pk):
        raise PermissionDenied
    return section


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user
