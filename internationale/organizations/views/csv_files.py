"""CSV export and import of the directory, for the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from internationale.accounts.access import allowed_user
from internationale.accounts.permissions import is_secretariat
from internationale.accounts.services import record_audit
from internationale.core.requests import accepts_upload
from internationale.organizations import csvio
from internationale.organizations.forms import CsvImportForm
from internationale.organizations.models import (
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Region,
)


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every organization as CSV; ``?private=1`` adds the secretariat's e-mail column."""
    user = allowed_user(request, is_secretariat(request.user))
    private = request.GET.get("private") == "1"
    record_audit(actor=user, action="organization.export_csv", details={"private": private})
    response = StreamingHttpResponse(
        csvio.export_organizations(Organization.objects.all(), include_private=private),
        content_type="text/csv; charset=utf-8",
    )
    filename = "organizations-private.csv" if private else "organizations.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@accepts_upload(CsvImportForm.MAX_UPLOAD)
def import_csv(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    form = CsvImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = csvio.import_organizations(form.cleaned_data["file"], by=user)
        if report.ok:
            messages.success(request, _imported(report))
            return redirect("organizations:import_csv")
    return render(
        request,
        "organizations/csv_import.html",
        {
            "form": form,
            "report": report,
            "columns": csvio.COLUMNS,
            "email_column": csvio.EMAIL_COLUMN,
            "kinds": OrganizationKind.choices,
            "statuses": OrganizationStatus.choices,
            "regions": Region.objects.order_by("position"),
            "languages": csvio.DESCRIPTION_LANGUAGES,
        },
    )


def _imported(report: csvio.ImportReport) -> str:
    return _(
        "The file was imported. Created: %(created)d. Updated: %(updated)d. "
        "Unchanged: %(unchanged)d."
    ) % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
