"""An organization's public page: its entry in the directory, what it signed, its reports."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from internationale.organizations.permissions import (
    can_change_organization_status,
    can_edit_organization,
)
from internationale.web.organization_page import organization_page


def organization(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone reads it; representatives and the secretariat also see their actions."""
    page = organization_page(pk, (get_language() or "en").split("-")[0])
    if page is None:
        raise Http404
    return render(
        request,
        "web/organization.html",
        {
            "page": page,
            "organization": page.organization,
            "can_edit": can_edit_organization(request.user, page.organization),
            "can_change_status": can_change_organization_status(request.user, page.organization),
        },
    )
