"""The delegates' board, the hall's summary, and nominations by a section's representative."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from internationale.accounts.models import User
from internationale.congresses import queries_delegates as queries
from internationale.congresses.access import congress_for
from internationale.congresses.forms_delegates import NominationForm
from internationale.congresses.models import Congress, Delegate, SectionAllotment
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import (
    Action,
    may,
    may_act_for_section,
    represented_sections,
)
from internationale.congresses.services import delegates as services
from internationale.organizations.models import Organization


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_GET
def board(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    nominate = may(request.user, congress, Action.NOMINATE)
    context = {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:delegates"),
        "sections": queries.board(congress),
        "quorum": queries.quorum(congress),
        "mine": queries.represented(congress, represented_sections(request.user))
        if nominate
        else [],
    }
    return render(request, "congresses/delegates/board.html", context)


@login_required
@require_GET
def summary(request: HttpRequest, slug: str) -> HttpResponse:
    """The quorum panel alone, for the pages that refresh it; 304 while it is unchanged."""
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    quorum = queries.quorum(congress)
    etag = quorum.etag(get_language() or "en")
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = render(request, "congresses/delegates/_quorum.html", {"quorum": quorum})
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _section(request: HttpRequest, congress: Congress, pk: int) -> Organization:
    organization = get_object_or_404(Organization, pk=pk)
    if not may_act_for_section(request.user, congress, Action.NOMINATE, organization.pk):
        raise PermissionDenied
    return organization


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    congress = congress_for(request, slug, Action.NOMINATE)
    organization = _section(request, congress, pk)
    form = NominationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.nominate(
                by=_user(request),
                congress=congress,
                organization=organization,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                kind=Delegate.Kind(form.cleaned_data["kind"]),
                base_url=request.build_absolute_uri("/"),
            )
        except services.DelegateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s was nominated.") % {"name": row.name})
            return redirect("congresses:delegates_nominate", congress.slug, organization.pk)
    return _nominate_page(request, congress, organization, form)


def _nominate_page(
    request: HttpRequest, congress: Congress, organization: Organization, form: NominationForm
) -> HttpResponse:
    context = {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:delegates"),
        "organization": organization,
        "allotment": SectionAllotment.objects.filter(
            congress=congress, organization=organization
        ).first(),
        "open": services.nominations_open(congress),
        "rows": queries.section_rows(congress, organization),
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "congresses/delegates/nominate.html", context, status=status)


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    congress = congress_for(request, slug, Action.NOMINATE)
    row = get_object_or_404(Delegate, congress=congress, pk=pk)
    _section(request, congress, row.organization_id)
    services.withdraw(by=_user(request), congress=congress, delegate_id=row.pk)
    messages.success(request, _("The nomination of %(name)s was withdrawn.") % {"name": row.name})
    return redirect("congresses:delegates_nominate", congress.slug, row.organization_id)
