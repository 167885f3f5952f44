from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.accounts.models import User
from internationale.accounts.permissions import is_secretariat
from internationale.core import images
from internationale.core.media import serve_upload
from internationale.core.requests import accepts_upload
from internationale.organizations import access, queries, services
from internationale.organizations.forms import (
    AgreementPointForm,
    DirectoryFilterForm,
    OrganizationForm,
    StatusForm,
)
from internationale.organizations.models import (
    AgreementPoint,
    Organization,
)
from internationale.organizations.permissions import (
    can_change_organization_status,
    can_edit_organization,
)


def directory(request: HttpRequest) -> HttpResponse:
    regions = queries.regions()
    form = DirectoryFilterForm(
        request.GET or None, countries=list(queries.countries_in_use()), regions=regions
    )
    filters = form.filters()
    return render(
        request,
        "organizations/directory.html",
        {
            "form": form,
            "page_obj": queries.directory_page(filters, request.GET.get("page")),
            "counts": queries.directory_counts(regions),
            "filtered": filters.any,
        },
    )


@require_http_methods(["GET", "HEAD"])
def logo(request: HttpRequest, name: str) -> FileResponse:
    """An organization's logo, served by the application as the wire's media are.

    Logos are PNGs re-encoded on upload (``core/images.py``) under random
    names; a new logo gets a new name, so the answer may be cached for a day.
    """
    organization = queries.organization_with_logo(name)
    if organization is None:
        raise Http404
    try:
        return serve_upload(organization.logo, "image/png", "public, max-age=86400")
    except FileNotFoundError as error:  # the row outlived its file (a restore without media)
        raise Http404 from error


@login_required
@require_http_methods(["GET", "POST"])
@accepts_upload(images.MAX_UPLOAD_BYTES)  # the logo
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Representatives and the secretariat edit an entry; the status is not here."""
    user, organization = access.organization_for(request, pk, can_edit_organization)
    language = request.GET.get("language") or (get_language() or "en")
    if request.method == "POST":
        form = OrganizationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                _save(user, organization, form)
            except ValidationError as error:
                form.add_error("logo", error)
            else:
                messages.success(request, _("The entry was saved."))
                return redirect(organization)
    else:
        form = OrganizationForm(initial=OrganizationForm.initial_for(organization, language))
    return render(request, "organizations/edit.html", {"organization": organization, "form": form})


@transaction.atomic
def _save(user: User, organization: Organization, form: OrganizationForm) -> None:
    data = form.cleaned_data
    services.update_organization(
        by=user,
        organization_id=organization.pk,
        data=services.organization_data(
            organization,
            name=data["name"],
            acronym=data["acronym"],
            other_names=data["other_names"],
            kind=data["kind"],
            country=data["country"],
            founded=data["founded"],
            website=data["website"],
            email=data["email"],
        ),
    )
    if data["description"]:
        services.set_description(
            by=user,
            organization_id=organization.pk,
            language=data["description_language"],
            text=data["description"],
            original=data["description_is_original"],
        )
    if data["logo"]:
        services.set_logo(by=user, organization_id=organization.pk, upload=data["logo"])


@login_required
@require_http_methods(["GET", "POST"])
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    user, organization = access.organization_for(request, pk, can_change_organization_status)
    form = StatusForm(request.POST or None, initial={"status": organization.status})
    if request.method == "POST" and form.is_valid():
        services.change_status(by=user, organization_id=organization.pk, **form.cleaned_data)
        messages.success(request, _("The status was changed."))
        return redirect(organization)
    return render(
        request, "organizations/status.html", {"organization": organization, "form": form}
    )


@login_required
def agreement_points(request: HttpRequest) -> HttpResponse:
    allowed_user(request, is_secretariat(request.user))
    return render(
        request,
        "organizations/points.html",
        {"points": AgreementPoint.objects.order_by("position")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_agreement_point(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    point = get_object_or_404(AgreementPoint, pk=pk) if pk else None
    initial = (
        {"position": point.position, **{f"text_{k}": v for k, v in point.texts.items()}}
        if point
        else {"position": AgreementPoint.objects.count() + 1}
    )
    form = AgreementPointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_agreement_point(
            by=user,
            point_id=point.pk if point else None,
            position=form.cleaned_data["position"],
            texts=form.texts(),
        )
        messages.success(request, _("The point of agreement was saved."))
        return redirect("organizations:points")
    return render(request, "organizations/point_edit.html", {"form": form, "point": point})
